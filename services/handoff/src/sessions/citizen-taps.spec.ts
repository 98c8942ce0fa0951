import { ratingWindowStart, routeCitizenMessage } from './citizen-taps';

describe('routeCitizenMessage', () => {
  it.each<[string, string | undefined, string | null, ReturnType<typeof routeCitizenMessage>]>([
    ['the end button ends the open session', 'handoff:end', 's1', { kind: 'end', sessionId: 's1' }],
    ['words go to the open session', 'Ima li koga?', 's1', { kind: 'forward', sessionId: 's1' }],
    ['a picture (no text) goes to the open session', undefined, 's1', { kind: 'forward', sessionId: 's1' }],
    ['an old rating tap while a session is open does nothing', 'rate:3', 's1', { kind: 'none' }],
    [
      'the tap that asked for the person is not forwarded to the session',
      'op:request',
      's1',
      { kind: 'none' },
    ],
    ['a rating tap without an open session rates the last one', 'rate:5', null, { kind: 'rate', rating: 5 }],
    ['the end button without an open session does nothing', 'handoff:end', null, { kind: 'none' }],
    ['words without an open session are the bot’s', 'Dobar dan', null, { kind: 'none' }],
  ])('%s', (_, text, open, expected) => {
    expect(routeCitizenMessage(text, open)).toEqual(expected);
  });
});

describe('ratingWindowStart', () => {
  it('goes back the window from now', () => {
    expect(ratingWindowStart(new Date('2026-11-25T12:00:00.000Z'), 24).toISOString()).toBe(
      '2026-11-24T12:00:00.000Z',
    );
  });
});
