import { callbackFreshness, DEFAULT_CALLBACK_MAX_AGE_MS } from './callback-freshness';

const now = Date.parse('2026-11-30T10:00:00Z');
const minutes = (n: number) => n * 60_000;

describe('callbackFreshness', () => {
  it.each<[string, number, ReturnType<typeof callbackFreshness>]>([
    ['just now', now, 'fresh'],
    ['a Viber retry ten minutes later', now - minutes(10), 'fresh'],
    ["Viber's last retries, about an hour later", now - minutes(75), 'fresh'],
    ['a replay three hours later', now - minutes(180), 'stale'],
    ['a day-old replay', now - minutes(24 * 60), 'stale'],
    ['a clock a minute ahead', now + minutes(1), 'fresh'],
    ['a timestamp an hour ahead', now + minutes(60), 'from-the-future'],
  ])('%s: %s', (_what, timestamp, expected) => {
    expect(callbackFreshness(timestamp, now)).toBe(expected);
  });

  it('takes the window from configuration', () => {
    expect(callbackFreshness(now - minutes(11), now, minutes(10))).toBe('stale');
    expect(callbackFreshness(now - minutes(9), now, minutes(10))).toBe('fresh');
    expect(DEFAULT_CALLBACK_MAX_AGE_MS).toBeGreaterThan(minutes(60));
  });
});
