import { instantOfWallTime } from './local-time';

const TZ = 'Europe/Podgorica';

describe('instantOfWallTime', () => {
  it.each([
    ['summer time (UTC+2)', '2026-07-01T10:00', '2026-07-01T08:00:00.000Z'],
    ['winter time (UTC+1)', '2026-12-01T09:30', '2026-12-01T08:30:00.000Z'],
    ['with seconds', '2026-12-01T09:30:15', '2026-12-01T08:30:15.000Z'],
    ['midnight at the turn of the year', '2027-01-01T00:00', '2026-12-31T23:00:00.000Z'],
    ['just before clocks go forward', '2026-03-29T01:59', '2026-03-29T00:59:00.000Z'],
    ['just after clocks go forward', '2026-03-29T03:00', '2026-03-29T01:00:00.000Z'],
    // 02:30 happens twice on 25 October 2026: first in summer time, then again in winter time.
    ['the repeated hour: the first of the two', '2026-10-25T02:30', '2026-10-25T00:30:00.000Z'],
  ])('reads %s in Budva', (_name, wall, instant) => {
    expect(instantOfWallTime(wall, TZ)).toBe(instant);
  });

  it('reads the same wall time in another zone with that zone’s offset', () => {
    expect(instantOfWallTime('2026-07-01T10:00', 'UTC')).toBe('2026-07-01T10:00:00.000Z');
    expect(instantOfWallTime('2026-07-01T10:00', 'America/New_York')).toBe('2026-07-01T14:00:00.000Z');
  });

  it.each([
    ['the hour skipped when clocks go forward', '2026-03-29T02:30'],
    ['a day that does not exist', '2026-02-30T10:00'],
    ['an hour that does not exist', '2026-07-01T24:00'],
    ['an instant with an offset (not a wall time)', '2026-07-01T10:00:00+02:00'],
    ['a date alone', '2026-07-01'],
    ['words', 'tomorrow at ten'],
  ])('refuses %s', (_name, wall) => {
    expect(instantOfWallTime(wall, TZ)).toBeNull();
  });
});
