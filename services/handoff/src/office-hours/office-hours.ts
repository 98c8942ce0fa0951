import { z } from 'zod';
import { isMontenegroClosedDay } from './montenegro-holidays';

/**
 * When a department's people are at their desks: weekly opening intervals in the municipality's
 * local time, closed on Montenegro's non-working days (computed, see montenegro-holidays.ts) and on the
 * municipality's own closures. Pure functions of (hours, instant) so that the
 * daylight-saving edges can be tested without waiting for March.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
const interval = z.object({ from: clock, to: clock }).refine((i) => i.from < i.to, 'from must be before to');

export const officeHoursSchema = z.object({
  timeZone: z.string().refine(isValidTimeZone, 'an IANA time zone, e.g. Europe/Podgorica'),
  weekly: z.object(
    Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(interval).default([])])) as Record<
      Weekday,
      z.ZodDefault<z.ZodArray<typeof interval>>
    >,
  ),
  /** Closed on Montenegro's non-working days (state holidays by law, Orthodox Christmas and Easter). */
  publicHolidays: z.boolean().default(true),
  /** The municipality's own closures: `YYYY-MM-DD` for one date, `MM-DD` for the same date every year. */
  holidays: z.array(z.string().regex(/^(\d{4}-)?\d{2}-\d{2}$/, 'YYYY-MM-DD or MM-DD')).default([]),
});
export type OfficeHours = z.infer<typeof officeHoursSchema>;
export type OpeningInterval = z.infer<typeof interval>;

/** Hours per department; a department not listed keeps `default`. */
export const officeHoursConfigSchema = z.object({
  default: officeHoursSchema,
  departments: z.record(officeHoursSchema.partial()).default({}),
});
export type OfficeHoursConfig = z.infer<typeof officeHoursConfigSchema>;

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export interface LocalTime {
  /** `YYYY-MM-DD` in the zone. */
  date: string;
  weekday: Weekday;
  /** `HH:MM` in the zone. */
  time: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock date, weekday and time of `instant` in `timeZone` (DST handled by the platform's tz data). */
export function localTimeOf(instant: Date, timeZone: string): LocalTime {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: parts.weekday.toLowerCase().slice(0, 3) as Weekday,
    time: `${parts.hour}:${parts.minute}`,
  };
}

/** Whether the office is closed all day on `date` (`YYYY-MM-DD`, local). */
export function isHoliday(hours: Pick<OfficeHours, 'holidays' | 'publicHolidays'>, date: string): boolean {
  if (hours.publicHolidays && isMontenegroClosedDay(date)) return true;
  return hours.holidays.some((h) => h === date || h === date.slice(5));
}

/** Whether the department is open at `instant`: inside a weekly interval [from, to) and not a holiday. */
export function isOpen(hours: OfficeHours, instant: Date): boolean {
  const local = localTimeOf(instant, hours.timeZone);
  if (isHoliday(hours, local.date)) return false;
  return hours.weekly[local.weekday].some((i) => i.from <= local.time && local.time < i.to);
}

/** The hours that apply to a department. */
export function hoursOf(config: OfficeHoursConfig, department: string): OfficeHours {
  const own = config.departments[department];
  return own
    ? { ...config.default, ...own, weekly: { ...config.default.weekly, ...(own.weekly ?? {}) } }
    : config.default;
}

/**
 * The weekly hours in a line a citizen can read, consecutive days with the same hours joined:
 * `Mon–Fri 07:00–15:00`. `dayNames` comes from the citizen's language.
 */
export function describeWeeklyHours(hours: OfficeHours, dayNames: Record<Weekday, string>): string {
  const key = (d: Weekday) => hours.weekly[d].map((i) => `${i.from}–${i.to}`).join(', ');
  const groups: Array<{ first: Weekday; last: Weekday; text: string }> = [];
  for (const day of WEEKDAYS) {
    const text = key(day);
    const prev = groups[groups.length - 1];
    if (prev && prev.text === text && WEEKDAYS.indexOf(prev.last) === WEEKDAYS.indexOf(day) - 1)
      prev.last = day;
    else groups.push({ first: day, last: day, text });
  }
  return groups
    .filter((g) => g.text !== '')
    .map(
      (g) =>
        `${g.first === g.last ? dayNames[g.first] : `${dayNames[g.first]}–${dayNames[g.last]}`} ${g.text}`,
    )
    .join('; ');
}
