/**
 * Days and weeks in the municipality's time zone. Hours are counted in UTC (hourBucket): every zone
 * Montenegro has used is a whole number of hours from UTC, so a UTC hour is also a local hour; a local
 * day is 23 or 25 hours long on the days the clocks change, which is why days are computed here and
 * never as "24 UTC hours".
 */
export class MunicipalCalendar {
  private readonly dayFormat: Intl.DateTimeFormat;
  private readonly hourFormat: Intl.DateTimeFormat;
  // Offsets change at most on quarter hours, so the local date of a quarter-hour slot is cached.
  private readonly dayOfSlot = new Map<number, string>();
  private readonly labelOf = new Map<number, string>();

  constructor(readonly timeZone: string) {
    // Throws RangeError for a zone the runtime does not know: better at start-up than at the first event.
    this.dayFormat = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    this.hourFormat = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'shortOffset',
    });
  }

  /** The local calendar date (YYYY-MM-DD) an instant falls on. */
  localDate(instant: Date | string | number): string {
    const ms = toMillis(instant);
    const slot = Math.floor(ms / 900_000);
    let day = this.dayOfSlot.get(slot);
    if (day === undefined) {
      day = this.dayFormat.format(new Date(ms));
      if (this.dayOfSlot.size > 100_000) this.dayOfSlot.clear();
      this.dayOfSlot.set(slot, day);
    }
    return day;
  }

  /** How the instant reads on a wall clock in the municipality, e.g. `2026-03-29 03:00 GMT+2`. */
  localLabel(instant: Date | string | number): string {
    const ms = toMillis(instant);
    // formatToParts costs tens of microseconds and a figure labels the same bucket starts many times.
    let label = this.labelOf.get(ms);
    if (label === undefined) {
      const parts = Object.fromEntries(
        this.hourFormat.formatToParts(new Date(ms)).map((p) => [p.type, p.value]),
      );
      label = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
      if (this.labelOf.size > 100_000) this.labelOf.clear();
      this.labelOf.set(ms, label);
    }
    return label;
  }

  /** The instant a local date begins (local midnight), found by stepping over the zone's offsets. */
  startOfLocalDate(date: string): Date {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`not a date: ${date}`);
    const utcMidnight = Date.parse(`${date}T00:00:00Z`);
    // Local midnight lies within ±14 h of UTC midnight; the first quarter hour whose local date is
    // `date` is its start (a zone that skips midnight starts the day at the first existing time).
    let t = utcMidnight - 14 * 3600_000;
    while (this.localDate(t) < date) t += 900_000;
    return new Date(t);
  }
}

export function toMillis(instant: Date | string | number): number {
  const ms =
    instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not a time: ${String(instant)}`);
  return ms;
}

/** Adds days to a YYYY-MM-DD date (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The Monday that begins the week (Monday to Sunday) a YYYY-MM-DD date falls in. */
export function weekStart(date: string): string {
  return addDays(date, -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7));
}
