import { TimeoutKind } from './citizen-notices';
import { SessionStatus } from './session.state';

/** How long a session may stay open without progress; from HANDOFF_* config. */
export interface TimeoutLimits {
  /** A session queued during office hours that no operator took. */
  maxWaitMs: number;
  /** A message left outside office hours: it may wait for the office to open, but not for ever. */
  leftMessageMaxMs: number;
  /** An assigned session where nobody wrote anything. */
  idleMs: number;
}

/** The clocks of one session, as the read model has them. */
export interface SessionClocks {
  id: string;
  status: SessionStatus;
  outsideOfficeHours: boolean;
  queuedAt: string;
  /** The last message either way (or the assignment). */
  lastActivityAt: string;
}

export interface SessionTimeout {
  id: string;
  kind: TimeoutKind;
}

export function timeoutLimitsOf(config: {
  maxWaitMinutes: number;
  leftMessageMaxHours: number;
  idleMinutes: number;
}): TimeoutLimits {
  return {
    maxWaitMs: config.maxWaitMinutes * 60_000,
    leftMessageMaxMs: config.leftMessageMaxHours * 3_600_000,
    idleMs: config.idleMinutes * 60_000,
  };
}

/**
 * The instants before which each clock has run out at `now`. The repository selects candidates with
 * the same cutoffs, so the query and `timeoutOf` cannot disagree about who is overdue.
 */
export function timeoutCutoffs(
  now: Date,
  limits: TimeoutLimits,
): { waitingQueuedBefore: Date; leftQueuedBefore: Date; activeQuietBefore: Date } {
  const t = now.getTime();
  return {
    waitingQueuedBefore: new Date(t - limits.maxWaitMs),
    leftQueuedBefore: new Date(t - limits.leftMessageMaxMs),
    activeQuietBefore: new Date(t - limits.idleMs),
  };
}

/** Why the session should end at `now`, or null while it may go on. A clock exactly at its limit has not run out. */
export function timeoutOf(session: SessionClocks, now: Date, limits: TimeoutLimits): TimeoutKind | null {
  const cut = timeoutCutoffs(now, limits);
  const before = (iso: string, cutoff: Date) => new Date(iso).getTime() < cutoff.getTime();
  switch (session.status) {
    case 'waiting':
      return before(
        session.queuedAt,
        session.outsideOfficeHours ? cut.leftQueuedBefore : cut.waitingQueuedBefore,
      )
        ? 'waited-too-long'
        : null;
    case 'active':
      return before(session.lastActivityAt, cut.activeQuietBefore) ? 'idle' : null;
    default:
      return null;
  }
}

/** The sessions among `sessions` whose clocks have run out at `now`, each with the reason. */
export function decideTimeouts(
  sessions: SessionClocks[],
  now: Date,
  limits: TimeoutLimits,
): SessionTimeout[] {
  return sessions.flatMap((s) => {
    const kind = timeoutOf(s, now, limits);
    return kind ? [{ id: s.id, kind }] : [];
  });
}
