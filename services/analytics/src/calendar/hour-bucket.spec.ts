import { hourBucket } from './hour-bucket';

describe('hourBucket', () => {
  it('truncates to the hour', () => {
    expect(hourBucket('2026-11-25T10:59:59.999Z')).toBe('2026-11-25T10:00:00.000Z');
    expect(hourBucket('2026-11-25T11:00:00.000+01:00')).toBe('2026-11-25T10:00:00.000Z');
  });
  it('rejects what is not a time', () => {
    expect(() => hourBucket('yesterday')).toThrow(RangeError);
  });
});
