import { DomainError } from '@citizen-desk/contracts';
import { addDays, MunicipalCalendar, weekStart } from '../calendar/municipal-calendar';

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

export type FigureRangeRejection = 'bad-bound' | 'bad-bucket' | 'empty-range' | 'range-too-long';

/** A figure request whose range or bucket cannot be answered. */
export class FigureRangeRejected extends DomainError {
  readonly kind = 'invalid';

  constructor(reason: FigureRangeRejection, message: string) {
    super(reason, message);
  }
}

const DAY_MS = 86_400_000;
/** Hourly figures over longer than this would be thousands of points: ask for days instead. */
export const MAX_HOURLY_RANGE_DAYS = 93;
export const MAX_RANGE_DAYS = 3700;

/** An ISO instant, or a local date (`2026-03-29`) meaning the municipality's midnight that begins it. */
function parseBound(name: string, value: string, calendar: MunicipalCalendar): Date {
  const refused = () =>
    new FigureRangeRejected('bad-bound', `${name} must be an ISO 8601 time or a date (YYYY-MM-DD)`);
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    try {
      return calendar.startOfLocalDate(value);
    } catch (e) {
      // A date-shaped value that is no date (2026-13-45): the calendar cannot place it.
      if (e instanceof RangeError) throw refused();
      throw e;
    }
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) throw refused();
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
  if (!BUCKETS.includes(bucket))
    throw new FigureRangeRejected('bad-bucket', `bucket must be one of ${BUCKETS.join(', ')}`);
  const to = query.to ? parseBound('to', query.to, calendar) : now;
  const from = query.from ? parseBound('from', query.from, calendar) : new Date(to.getTime() - 7 * DAY_MS);
  if (from.getTime() >= to.getTime()) throw new FigureRangeRejected('empty-range', 'from must be before to');
  const days = (to.getTime() - from.getTime()) / DAY_MS;
  if (bucket === 'hour' && days > MAX_HOURLY_RANGE_DAYS)
    throw new FigureRangeRejected(
      'range-too-long',
      `hourly figures cover at most ${MAX_HOURLY_RANGE_DAYS} days; use bucket=day`,
    );
  if (days > MAX_RANGE_DAYS)
    throw new FigureRangeRejected('range-too-long', `a range covers at most ${MAX_RANGE_DAYS} days`);
  let firstDay = calendar.localDate(from);
  let lastDay = calendar.localDate(to.getTime() - 1);
  if (bucket === 'week') {
    firstDay = weekStart(firstDay);
    lastDay = addDays(weekStart(lastDay), 6);
  }
  return { from, to, bucket, firstDay, lastDay };
}
