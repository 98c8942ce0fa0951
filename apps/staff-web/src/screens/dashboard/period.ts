export const PERIODS = {
  '24h': { days: 1, bucket: 'hour' },
  '7d': { days: 7, bucket: 'day' },
  '30d': { days: 30, bucket: 'day' },
  '12w': { days: 84, bucket: 'week' },
} as const;
export type Period = keyof typeof PERIODS;

export interface PeriodQuery {
  from: string;
  to: string;
  bucket: 'hour' | 'day' | 'week';
  [key: string]: string;
}

/**
 * The figures' range for a period ending `now`; `shift` 1 is the period just before it, of the same
 * length, which the dashboard compares with.
 */
export function periodQuery(period: Period, now: Date, shift = 0): PeriodQuery {
  const { days, bucket } = PERIODS[period];
  const to = new Date(now.getTime() - shift * days * 864e5);
  const from = new Date(to.getTime() - days * 864e5);
  return { from: from.toISOString(), to: to.toISOString(), bucket };
}
