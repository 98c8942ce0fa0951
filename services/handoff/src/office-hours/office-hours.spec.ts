import { ConfigError } from '@citizen-desk/config';
import { loadOfficeHours } from './load-office-hours';
import { describeWeeklyHours, hoursOf, isOpen, localTimeOf, OfficeHours } from './office-hours';

const workday = [{ from: '07:00', to: '15:00' }];
/** Test hours only: Budva's real hours are not published (budva-facts.md §2), so they are configuration. */
const budva: OfficeHours = {
  timeZone: 'Europe/Podgorica',
  weekly: { mon: workday, tue: workday, wed: workday, thu: workday, fri: workday, sat: [], sun: [] },
  publicHolidays: true,
  holidays: ['2026-12-31'],
};
const at = (iso: string) => new Date(iso);

describe('isOpen (Mon–Fri 07:00–15:00 Europe/Podgorica)', () => {
  it.each([
    // Winter (CET, UTC+1)
    ['Wednesday 25 Nov 2026 06:00Z = 07:00 local, opening minute', '2026-11-25T06:00:00Z', true],
    ['Wednesday 05:59Z = 06:59 local', '2026-11-25T05:59:00Z', false],
    ['Wednesday 13:59Z = 14:59 local', '2026-11-25T13:59:00Z', true],
    ['Wednesday 14:00Z = 15:00 local, closed (end is exclusive)', '2026-11-25T14:00:00Z', false],
    ['Saturday noon', '2026-11-28T11:00:00Z', false],
    // Summer (CEST, UTC+2): the same local hours are an hour earlier in UTC
    ['Wednesday 15 Jul 2026 05:00Z = 07:00 local', '2026-07-15T05:00:00Z', true],
    ['Wednesday 15 Jul 13:00Z = 15:00 local', '2026-07-15T13:00:00Z', false],
    ['Wednesday 15 Jul 12:59Z = 14:59 local', '2026-07-15T12:59:00Z', true],
  ])('%s → %s', (_label, iso, open) => {
    expect(isOpen(budva, at(iso))).toBe(open);
  });

  describe('daylight-saving edges', () => {
    it('Friday before the spring change (27 Mar 2026) is still UTC+1: 06:00Z is the opening', () => {
      expect(isOpen(budva, at('2026-03-27T05:59:00Z'))).toBe(false);
      expect(isOpen(budva, at('2026-03-27T06:00:00Z'))).toBe(true);
    });
    it('Monday after the spring change (30 Mar 2026) is UTC+2: 05:00Z is the opening', () => {
      expect(isOpen(budva, at('2026-03-30T04:59:00Z'))).toBe(false);
      expect(isOpen(budva, at('2026-03-30T05:00:00Z'))).toBe(true);
      expect(isOpen(budva, at('2026-03-30T12:59:00Z'))).toBe(true);
      expect(isOpen(budva, at('2026-03-30T13:00:00Z'))).toBe(false);
    });
    it('Monday after the autumn change (26 Oct 2026) is back to UTC+1', () => {
      expect(isOpen(budva, at('2026-10-23T05:00:00Z'))).toBe(true); // Friday, still summer time
      expect(isOpen(budva, at('2026-10-26T05:00:00Z'))).toBe(false);
      expect(isOpen(budva, at('2026-10-26T06:00:00Z'))).toBe(true);
    });
    it('reads the skipped and the repeated hour of the change nights correctly', () => {
      const night: OfficeHours = {
        ...budva,
        weekly: { ...budva.weekly, sun: [{ from: '02:00', to: '03:00' }] },
      };
      // 29 Mar 2026: 02:00 local does not exist (01:00Z is already 03:00 CEST)
      expect(localTimeOf(at('2026-03-29T01:00:00Z'), 'Europe/Podgorica').time).toBe('03:00');
      expect(isOpen(night, at('2026-03-29T00:59:00Z'))).toBe(false); // 01:59 CET
      expect(isOpen(night, at('2026-03-29T01:00:00Z'))).toBe(false); // 03:00 CEST
      // 25 Oct 2026: 02:00–03:00 local happens twice, both count
      expect(isOpen(night, at('2026-10-25T00:30:00Z'))).toBe(true); // 02:30 CEST
      expect(isOpen(night, at('2026-10-25T01:30:00Z'))).toBe(true); // 02:30 CET
      expect(isOpen(night, at('2026-10-25T02:00:00Z'))).toBe(false); // 03:00 CET
    });
  });

  it("is closed on Montenegro's holidays and the municipality's own closures, by the local date", () => {
    expect(isOpen(budva, at('2026-05-21T08:00:00Z'))).toBe(false); // Independence Day, a Thursday
    expect(isOpen(budva, at('2026-05-22T08:00:00Z'))).toBe(false); // its second day
    expect(isOpen(budva, at('2026-04-10T08:00:00Z'))).toBe(false); // Orthodox Good Friday 2026
    expect(isOpen(budva, at('2027-04-09T08:00:00Z'))).toBe(true); // an ordinary Friday in 2027
    expect(isOpen(budva, at('2027-04-30T08:00:00Z'))).toBe(false); // Orthodox Good Friday 2027
    expect(isOpen(budva, at('2031-04-11T08:00:00Z'))).toBe(false); // Good Friday 2031: no list to run out
    expect(isOpen(budva, at('2026-12-31T08:00:00Z'))).toBe(false); // the municipality's own closure
    expect(isOpen({ ...budva, publicHolidays: false }, at('2026-05-21T08:00:00Z'))).toBe(true);
    // 22:30Z on 20 May is already 00:30 on 21 May in Budva (UTC+2)
    const lateShift: OfficeHours = {
      ...budva,
      weekly: {
        ...budva.weekly,
        wed: [{ from: '00:00', to: '24:00' }],
        thu: [{ from: '00:00', to: '24:00' }],
      },
    };
    expect(isOpen(lateShift, at('2026-05-20T22:30:00Z'))).toBe(false);
    expect(isOpen(lateShift, at('2026-05-20T21:30:00Z'))).toBe(true);
  });
});

describe('hoursOf', () => {
  it('gives a department its own hours and the rest the defaults', () => {
    const config = {
      default: budva,
      departments: {
        'communal-police': { weekly: { ...budva.weekly, sat: [{ from: '08:00', to: '12:00' }] } },
      },
    };
    expect(isOpen(hoursOf(config, 'communal-police'), at('2026-11-28T08:00:00Z'))).toBe(true);
    expect(isOpen(hoursOf(config, 'local-self-government'), at('2026-11-28T08:00:00Z'))).toBe(false);
    expect(hoursOf(config, 'communal-police').holidays).toEqual(budva.holidays);
  });
});

describe('describeWeeklyHours', () => {
  const en = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };
  it('joins consecutive days with the same hours', () => {
    expect(describeWeeklyHours(budva, en)).toBe('Mon–Fri 07:00–15:00');
    const split: OfficeHours = {
      ...budva,
      weekly: { ...budva.weekly, wed: [], sat: [{ from: '08:00', to: '12:00' }] },
    };
    expect(describeWeeklyHours(split, en)).toBe('Mon–Tue 07:00–15:00; Thu–Fri 07:00–15:00; Sat 08:00–12:00');
  });
});

describe('loadOfficeHours', () => {
  it('has no default: unset means the hours are unknown', () => {
    expect(loadOfficeHours({})).toBeNull();
    expect(loadOfficeHours({ json: '  ' })).toBeNull();
  });
  it('reads JSON, filling missing days, holidays on, and no own closures', () => {
    const config = loadOfficeHours({
      json: JSON.stringify({
        default: { timeZone: 'Europe/Podgorica', weekly: { mon: [{ from: '09:00', to: '17:00' }] } },
      }),
    })!;
    expect(config.default.weekly.tue).toEqual([]);
    expect(config.default.holidays).toEqual([]);
    expect(config.default.publicHolidays).toBe(true);
    expect(isOpen(config.default, at('2026-11-30T08:00:00Z'))).toBe(true);
  });
  it('reads the example of docs/operations.md', () => {
    const workdays = Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from: '07:00', to: '15:00' }]]),
    );
    const config = loadOfficeHours({
      json: JSON.stringify({
        default: { timeZone: 'Europe/Podgorica', weekly: workdays, holidays: ['2026-12-31'] },
        departments: {},
      }),
    })!;
    expect(
      describeWeeklyHours(config.default, {
        mon: 'pon',
        tue: 'uto',
        wed: 'sri',
        thu: 'čet',
        fri: 'pet',
        sat: 'sub',
        sun: 'ned',
      }),
    ).toBe('pon–pet 07:00–15:00');
    expect(isOpen(config.default, at('2026-12-31T08:00:00Z'))).toBe(false);
    expect(isOpen(config.default, at('2027-01-07T08:00:00Z'))).toBe(false); // Orthodox Christmas
    expect(isOpen(config.default, at('2027-01-11T08:00:00Z'))).toBe(true);
  });
  it('refuses a bad time zone, interval or closure date, naming the field', () => {
    expect(() => loadOfficeHours({ json: '{"default":{"timeZone":"Mars/Olympus","weekly":{}}}' })).toThrow(
      /timeZone/,
    );
    expect(() =>
      loadOfficeHours({
        json: '{"default":{"timeZone":"UTC","weekly":{"mon":[{"from":"15:00","to":"07:00"}]}}}',
      }),
    ).toThrow(ConfigError);
    expect(() =>
      loadOfficeHours({ json: '{"default":{"timeZone":"UTC","weekly":{},"holidays":["31.12.2026"]}}' }),
    ).toThrow(/holidays/);
    expect(() => loadOfficeHours({ json: 'nope' })).toThrow(/not JSON/);
  });
});
