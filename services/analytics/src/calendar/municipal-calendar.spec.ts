import { addDays, MunicipalCalendar } from './municipal-calendar';

describe('MunicipalCalendar (Europe/Podgorica)', () => {
  const cal = new MunicipalCalendar('Europe/Podgorica');

  it('puts an instant on its local date, not its UTC date', () => {
    expect(cal.localDate('2026-01-15T22:59:59Z')).toBe('2026-01-15'); // 23:59 CET
    expect(cal.localDate('2026-01-15T23:00:00Z')).toBe('2026-01-16'); // 00:00 CET
    expect(cal.localDate('2026-07-15T21:59:59Z')).toBe('2026-07-15'); // 23:59 CEST
    expect(cal.localDate('2026-07-15T22:00:00Z')).toBe('2026-07-16');
  });

  it('starts each day at local midnight, also on the days the clocks change', () => {
    // 29 March 2026: clocks go from 02:00 to 03:00, the day is 23 hours long.
    expect(cal.startOfLocalDate('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(cal.startOfLocalDate('2026-03-30').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    // 25 October 2026: clocks go back from 03:00 to 02:00, the day is 25 hours long.
    expect(cal.startOfLocalDate('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(cal.startOfLocalDate('2026-10-26').toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('counts both 02:30s of the autumn night on the same local day', () => {
    expect(cal.localDate('2026-10-25T00:30:00Z')).toBe('2026-10-25'); // 02:30 CEST
    expect(cal.localDate('2026-10-25T01:30:00Z')).toBe('2026-10-25'); // 02:30 CET
    expect(cal.localLabel('2026-10-25T00:30:00Z')).toBe('2026-10-25 02:30 GMT+2');
    expect(cal.localLabel('2026-10-25T01:30:00Z')).toBe('2026-10-25 02:30 GMT+1');
  });

  it('refuses an unknown zone and what is not a date', () => {
    expect(() => new MunicipalCalendar('Europe/Atlantis')).toThrow(RangeError);
    expect(() => cal.startOfLocalDate('29.3.2026')).toThrow(RangeError);
    expect(() => cal.localDate('yesterday')).toThrow(RangeError);
  });

  it('adds calendar days across month ends', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
