import { addDays, MunicipalCalendar } from '../calendar/municipal-calendar';

export const BUCKETS = ['hour', 'day', 'week'] as const;
export type Bucket = (typeof BUCKETS)[number];

export interface FigureRange {
  from: Date;
  to: Date;
  bucket: Bucket;
  /** Local dates covered by day and week buckets (whole local days, whole Monday-to-Sunday weeks). */
  firstDay: string;
  lastDay: string;
}

export class RangeError400 extends Error {}

const DAY_MS = 86_400_000;
/** Hourly figures over longer than this would be thousands of points: ask for days instead. */
export const MAX_HOURLY_RANGE_DAYS = 93;
export const MAX_RANGE_DAYS = 3700;

/** An ISO instant, or a local date (`2026-03-29`) meaning the municipality's midnight that begins it. */
function parseBound(name: string, value: string, calendar: MunicipalCalendar): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return calendar.startOfLocalDate(value);
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(value))
    throw new RangeError400(`${name} must be an ISO 8601 time or a date (YYYY-MM-DD)`);
  return new Date(ms);
}

/**
 * The range and bucket of a figure request. Defaults: the last 7 days, by day. Day and week buckets
 * cover whole local days: from the day `from` falls on to the day the last instant before `to` falls on.
 */
export function parseFigureRange(
  query: { from?: string; to?: string; bucket?: string },
  calendar: MunicipalCalendar,
  now: Date = new Date(),
): FigureRange {
  const bucket = (query.bucket || 'day') as Bucket;
  if (!BUCKETS.includes(bucket)) throw new RangeError400(`bucket must be one of ${BUCKETS.join(', ')}`);
  const to = query.to ? parseBound('to', query.to, calendar) : now;
  const from = query.from ? parseBound('from', query.from, calendar) : new Date(to.getTime() - 7 * DAY_MS);
  if (from.getTime() >= to.getTime()) throw new RangeError400('from must be before to');
  const days = (to.getTime() - from.getTime()) / DAY_MS;
  if (bucket === 'hour' && days > MAX_HOURLY_RANGE_DAYS)
    throw new RangeError400(`hourly figures cover at most ${MAX_HOURLY_RANGE_DAYS} days; use bucket=day`);
  if (days > MAX_RANGE_DAYS) throw new RangeError400(`a range covers at most ${MAX_RANGE_DAYS} days`);
  let firstDay = calendar.localDate(from);
  let lastDay = calendar.localDate(to.getTime() - 1);
  if (bucket === 'week') {
    firstDay = addDays(firstDay, -((new Date(`${firstDay}T00:00:00Z`).getUTCDay() + 6) % 7));
    lastDay = addDays(lastDay, 6 - ((new Date(`${lastDay}T00:00:00Z`).getUTCDay() + 6) % 7));
  }
  return { from, to, bucket, firstDay, lastDay };
}
