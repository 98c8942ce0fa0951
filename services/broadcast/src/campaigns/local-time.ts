/**
 * Send times as staff think of them: a wall-clock time in the municipality ("1 December, 09:30"),
 * whatever the time zone of the browser or the server. The offset is the zone's own on that day, so a
 * notice set for 09:30 goes at 09:30 in Budva in summer and in winter alike.
 */
const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const DAY_MS = 86_400_000;

const formats = new Map<string, Intl.DateTimeFormat>();
function formatIn(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** The wall-clock reading of an instant in a zone, as if that reading were UTC (milliseconds). */
function wallClockOf(instantMs: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatIn(timeZone)
      .formatToParts(new Date(instantMs))
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  );
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

/** Throws RangeError for a zone the runtime does not know: better at start-up than at the first schedule. */
export function checkTimeZone(timeZone: string): void {
  formatIn(timeZone);
}

/**
 * The instant (ISO 8601, UTC) at which the clocks in `timeZone` show `wallTime` (`YYYY-MM-DDTHH:mm[:ss]`).
 * null when it is not such a time, or when that time does not exist there (the hour skipped when clocks
 * go forward). A time that occurs twice (the hour repeated when clocks go back) is the first of the two:
 * a notice is never later than asked.
 */
export function instantOfWallTime(wallTime: string, timeZone: string): string | null {
  const m = WALL_TIME.exec(wallTime);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  // 30 February, 25:00 and the like roll over in Date.UTC: refuse them instead.
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute
  )
    return null;
  // A zone's offset changes at most twice a year: the offsets a day either side are the only candidates.
  const offsets = new Set([wall - DAY_MS, wall, wall + DAY_MS].map((t) => wallClockOf(t, timeZone) - t));
  const instants = [...offsets]
    .map((offset) => wall - offset)
    .filter((t) => wallClockOf(t, timeZone) === wall)
    .sort((a, b) => a - b);
  return instants.length ? new Date(instants[0]).toISOString() : null;
}
