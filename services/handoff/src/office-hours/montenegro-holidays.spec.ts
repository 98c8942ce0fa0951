import {
  isMontenegroClosedDay,
  montenegroClosedDays,
  orthodoxChristmasDays,
  orthodoxEaster,
  orthodoxEasterDays,
} from './montenegro-holidays';

const iso = (d: Date) => d.toISOString().slice(0, 10);

describe('orthodoxEaster (Meeus Julian algorithm, civil date)', () => {
  it.each([
    // 2019: Budva closed on Good Friday 26 April and Monday 29 April (rtvbudva.me, 25-04-2019).
    [2019, '2019-04-28'],
    [2024, '2024-05-05'],
    // 2025: the same date for both churches; paid leave 18, 20 and 21 April (mina.news).
    [2025, '2025-04-20'],
    [2026, '2026-04-12'],
    [2027, '2027-05-02'],
    [2028, '2028-04-16'],
    [2029, '2029-04-08'],
    [2030, '2030-04-28'],
    [2035, '2035-04-29'],
  ])('%i → %s', (year, easter) => {
    expect(iso(orthodoxEaster(year))).toBe(easter);
  });

  it('gives Good Friday, Easter Sunday and Easter Monday', () => {
    expect(orthodoxEasterDays(2019).map(iso)).toEqual(['2019-04-26', '2019-04-28', '2019-04-29']);
    expect(orthodoxEasterDays(2025).map(iso)).toEqual(['2025-04-18', '2025-04-20', '2025-04-21']);
  });
});

describe('orthodoxChristmasDays (Julian 24–26 December)', () => {
  it.each([[2024], [2026], [2030], [2099]])('%i: 6–8 January', (year) => {
    expect(orthodoxChristmasDays(year).map(iso)).toEqual([`${year}-01-06`, `${year}-01-07`, `${year}-01-08`]);
  });
  it('moves a day later once the calendars are 14 days apart (after February 2100)', () => {
    expect(orthodoxChristmasDays(2101).map(iso)).toEqual(['2101-01-07', '2101-01-08', '2101-01-09']);
  });
});

describe('montenegroClosedDays (Zakon o državnim i drugim praznicima, Art. 1–3a)', () => {
  it.each([
    // Two days: the holiday and the next.
    ['Statehood Day 2026 (Monday)', ['2026-07-13', '2026-07-14'], ['2026-07-15']],
    // A Sunday holiday: the next two days are non-working (13, 14 and 15 July 2025, mina.news).
    ['Statehood Day 2025 (Sunday)', ['2025-07-13', '2025-07-14', '2025-07-15'], ['2025-07-16']],
    // The second day a Sunday: the Monday is non-working (21, 22 and 23 May 2022, radiokotor.info).
    ['Independence Day 2022 (Saturday)', ['2022-05-21', '2022-05-22', '2022-05-23'], ['2022-05-24']],
    ['New Year 2028 (Saturday)', ['2028-01-01', '2028-01-02', '2028-01-03'], ['2028-01-04']],
    ['Labour Day 2033 (Sunday)', ['2033-05-01', '2033-05-02', '2033-05-03'], ['2033-05-04']],
    // 13 and 14 November, as the Ministry declared for 2023 and 2024.
    ['Njegošev dan 2024 (Wednesday)', ['2024-11-13', '2024-11-14'], ['2024-11-15']],
    // Art. 3a: Ecological State Day is a working day.
    ['Ecological State Day', [], ['2026-09-20', '2027-09-20', '2027-09-21']],
    ['Orthodox Easter 2026', ['2026-04-10', '2026-04-12', '2026-04-13'], ['2026-04-11', '2026-04-14']],
    ['Orthodox Easter 2030', ['2030-04-26', '2030-04-29'], ['2030-04-25', '2030-04-30']],
    ['Orthodox Christmas 2027', ['2027-01-06', '2027-01-07', '2027-01-08'], ['2027-01-05', '2027-01-11']],
  ])('%s', (_label, closed, open) => {
    for (const date of closed)
      expect({ date, closed: isMontenegroClosedDay(date) }).toEqual({ date, closed: true });
    for (const date of open)
      expect({ date, closed: isMontenegroClosedDay(date) }).toEqual({ date, closed: false });
  });

  it('lists a whole year (2027, where Easter Monday meets Labour Day)', () => {
    expect([...montenegroClosedDays(2027)].sort()).toEqual([
      '2027-01-01',
      '2027-01-02',
      '2027-01-06',
      '2027-01-07',
      '2027-01-08',
      '2027-04-30',
      '2027-05-01',
      '2027-05-02',
      '2027-05-03',
      '2027-05-21',
      '2027-05-22',
      '2027-07-13',
      '2027-07-14',
      '2027-11-13',
      '2027-11-14',
      '2027-11-15',
    ]);
  });
});
