/**
 * The days Montenegro's public bodies do not work, computed for any year so that the list never runs
 * out. Dates are `YYYY-MM-DD` strings of the civil (Gregorian) calendar.
 *
 * Sources (see /work/shared/content/budva-facts.md §7):
 * - Zakon o državnim i drugim praznicima ("Sl. list RCG" 27/2007; "Sl. list CG" 36/2013, 145/2021,
 *   3/2023, 30/2023), text at https://me.propisi.net/11812-2/: the holidays of Art. 1, two days each
 *   (Art. 2), both non-working (Art. 3); a holiday on a Sunday makes the next two days non-working, a
 *   second day on a Sunday makes the next day non-working (Art. 3); 20 September is a working day
 *   (Art. 3a). Checked against the Ministry's notices: 13–15 July 2025 (mina.news, 2025-07) and 21–23
 *   May 2022 (radiokotor.info).
 * - 13 November (Njegošev dan): the propisi.net text still shows Art. 3b (one day only, added by
 *   145/2021, applied in 2022: novski.me). The Ministry's notices for 2023 (radiotivat.com, 2023-11-10)
 *   and 2024 (radiokotor.info, citing the law up to 30/2023) declared 13 and 14 November non-working,
 *   so we follow the later notices: two days like the other holidays. ⚠ We did not see the text of the
 *   30/2023 amendment itself.
 * - Orthodox Christmas (Badnji dan, Božić two days) and Easter (Veliki petak, Vaskrs, its second day)
 *   are religious holidays under the Zakon o svetkovanju vjerskih praznika: paid leave for employees who
 *   celebrate them, not state holidays. Budva closed its administration on Orthodox Good Friday and
 *   Easter Monday in 2019 (rtvbudva.me, 25-04-2019). ⚠ That Budva also closes on the Christmas days is an
 *   inference from the law, not a Budva source; a municipality that stays open sets `publicHolidays:
 *   false` and lists its own closures instead.
 * - Catholic, Muslim and Jewish holidays are paid leave for those who celebrate; offices stay open.
 */

/** The holidays of Art. 1 marked for two days (20 September, Art. 3a, is a working day). */
const STATE_HOLIDAYS = ['01-01', '05-01', '05-21', '07-13', '11-13'] as const;

const DAY_MS = 86_400_000;

function utcDate(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day));
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

const isSunday = (date: Date) => date.getUTCDay() === 0;

/**
 * The non-working days of one holiday (Art. 2–3): the day and the next; a Sunday holiday moves its
 * non-working days to the next two; a second day on a Sunday adds the Monday.
 */
export function nonWorkingDaysOf(holiday: Date): Date[] {
  const second = addDays(holiday, 1);
  if (isSunday(holiday)) return [holiday, second, addDays(holiday, 2)];
  if (isSunday(second)) return [holiday, second, addDays(second, 1)];
  return [holiday, second];
}

/** Days since 1 January 4713 BC of a date in the Julian calendar (Meeus, Astronomical Algorithms ch. 7). */
function julianCalendarToJdn(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const m = month <= 2 ? month + 12 : month;
  return Math.floor(365.25 * (y + 4716)) + Math.floor(30.6001 * (m + 1)) + day - 1524;
}

/** The civil (Gregorian) date of a Julian-calendar date; the gap is 13 days from 1900 to 2099. */
export function julianToGregorian(year: number, month: number, day: number): Date {
  // JDN 2440588 is 1970-01-01, the epoch of Date.
  return new Date((julianCalendarToJdn(year, month, day) - 2440588) * DAY_MS);
}

/** Orthodox Easter Sunday (Meeus's Julian algorithm), as a civil date. */
export function orthodoxEaster(year: number): Date {
  const a = year % 4;
  const b = year % 7;
  const c = year % 19;
  const d = (19 * c + 15) % 30;
  const e = (2 * a + 4 * b - d + 34) % 7;
  const month = Math.floor((d + e + 114) / 31);
  const day = ((d + e + 114) % 31) + 1;
  return julianToGregorian(year, month, day);
}

/** Orthodox Good Friday, Easter Sunday and Easter Monday. */
export function orthodoxEasterDays(year: number): Date[] {
  const easter = orthodoxEaster(year);
  return [addDays(easter, -2), easter, addDays(easter, 1)];
}

/** Badnji dan and the two days of Božić falling in January of `year` (Julian 24–26 December of the year before). */
export function orthodoxChristmasDays(year: number): Date[] {
  const eve = julianToGregorian(year - 1, 12, 24);
  return [eve, addDays(eve, 1), addDays(eve, 2)];
}

const cache = new Map<number, ReadonlySet<string>>();

/**
 * Every non-working day of `year` by the rules above, as `YYYY-MM-DD`. No holiday is late enough in
 * December for its days to spill into the next year.
 */
export function montenegroClosedDays(year: number): ReadonlySet<string> {
  let days = cache.get(year);
  if (!days) {
    const state = STATE_HOLIDAYS.flatMap((md) => {
      const [month, day] = md.split('-').map(Number);
      return nonWorkingDaysOf(utcDate(year, month, day));
    });
    days = new Set([...state, ...orthodoxEasterDays(year), ...orthodoxChristmasDays(year)].map(iso));
    cache.set(year, days);
  }
  return days;
}

/** Whether `date` (`YYYY-MM-DD`) is a non-working day in Montenegro by the rules above. */
export function isMontenegroClosedDay(date: string): boolean {
  return montenegroClosedDays(Number(date.slice(0, 4))).has(date);
}
