/** How many of the department's latest handled sessions the wait is measured over. */
export const MEASURED_SESSIONS = 20;
/** Fewer measurements than this say more about one citizen's luck than about the queue. */
export const MIN_MEASURED_SESSIONS = 3;

/** What the read model measured of the department's latest handled sessions (see MEASURED_SESSIONS). */
export interface RecentWaits {
  /** Median minutes from entering the queue to an operator taking the session; null with none measured. */
  medianMinutes: number | null;
  sessions: number;
}

export interface QueueEstimate {
  position: number;
  /** What citizens of this department lately waited; null when there is too little to go on. */
  waitMinutes: number | null;
}

/**
 * What the citizen is told about the queue. The wait is only ever a measured one, the median of the
 * department's recent waits, never a guess: with too little history the citizen hears their place
 * alone. At least a minute (never "0 minutes"), rounded up to 5 above 10 so as not to sound exact.
 */
export function estimateQueue(position: number, recent: RecentWaits): QueueEstimate {
  const place = Math.max(position, 1);
  if (recent.medianMinutes === null || recent.sessions < MIN_MEASURED_SESSIONS)
    return { position: place, waitMinutes: null };
  const minutes = Math.ceil(recent.medianMinutes);
  return { position: place, waitMinutes: minutes <= 10 ? Math.max(minutes, 1) : Math.ceil(minutes / 5) * 5 };
}
