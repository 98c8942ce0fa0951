import { citizenIdFromViber, isViberCitizenId, viberIdFromCitizen } from './viber-user-id';

describe('viber user ids', () => {
  it('round-trips a Viber id, keeping base64 characters', () => {
    const viberId = '01234567890A+/b==';
    expect(citizenIdFromViber(viberId)).toBe('viber:01234567890A+/b==');
    expect(viberIdFromCitizen(citizenIdFromViber(viberId))).toBe(viberId);
  });

  it('refuses ids of other channels and empty ids', () => {
    expect(() => viberIdFromCitizen('telegram:123')).toThrow(/not a Viber citizen id/);
    expect(() => viberIdFromCitizen('viber:')).toThrow(/not a Viber citizen id/);
    expect(() => citizenIdFromViber('')).toThrow(/empty/);
    expect(isViberCitizenId('viber:x')).toBe(true);
    expect(isViberCitizenId('web:x')).toBe(false);
  });
});
