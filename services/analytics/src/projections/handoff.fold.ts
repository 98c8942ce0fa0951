import type {
  HandoffMessageFromOperator,
  HandoffSessionAssigned,
  HandoffSessionEnded,
  HandoffSessionQueued,
  HandoffSessionRated,
} from '@citizen-desk/contracts';
import { MunicipalCalendar, toMillis } from '../calendar/municipal-calendar';
import { AnalyticsEvent } from './analytics-event';
import { FigureCounters } from './figure-counters';
import { HandoffPanelDelta, handoffPanelOf } from './handoff-panel';

/**
 * The operator line: sessions queued, waiting (queued → first assigned), first reply (queued → first
 * operator message) and handling (first assigned → ended), each counted once per session in the bucket
 * of the moment the citizen was queued, under the department and the operator who took the session;
 * ratings; and the operators' names.
 */

export const HANDOFF_EVENTS = [
  'HandoffSessionQueued',
  'HandoffSessionAssigned',
  'HandoffMessageFromOperator',
  'HandoffSessionEnded',
  'HandoffSessionRated',
] as const;

/** A row of `handoff_sessions`. */
export interface SessionState {
  sessionId: string;
  department: string;
  operatorId: string | null;
  queuedAt: number | null;
  assignedAt: number | null;
  firstReplyAt: number | null;
  endedAt: number | null;
}

/** A row of `operators`: the name an operator last went by. */
export interface OperatorName {
  operatorId: string;
  name: string;
}

export interface HandoffRows {
  sessions: SessionState[];
  operators: OperatorName[];
  /** The figures counted, as lines of the handoff panel (its own tables, not counts_hourly/daily). */
  handoffPanel: HandoffPanelDelta[];
}

const HANDOFF_EVENT_TYPES: ReadonlySet<string> = new Set(HANDOFF_EVENTS);

/** Adds the session whose row this event changes (and so must be loaded before the fold). */
export function sessionsTouchedBy(e: AnalyticsEvent, into: Set<string>): void {
  if (HANDOFF_EVENT_TYPES.has(e.type)) into.add((e.data as { sessionId: string }).sessionId);
}

const seconds = (fromMs: number, toMs: number) => Math.max(0, (toMs - fromMs) / 1000);

export class HandoffFold {
  readonly counters: FigureCounters;
  private readonly changed = new Set<string>();
  private readonly operatorNames = new Map<string, string>();

  /** @param sessions the rows of the sessions the batch touches, loaded before the fold (missing ones are new) */
  constructor(
    private readonly sessions: Map<string, SessionState>,
    calendar: MunicipalCalendar,
  ) {
    this.counters = new FigureCounters(calendar);
  }

  apply(e: AnalyticsEvent): void {
    switch (e.type) {
      case 'HandoffSessionQueued':
        return this.queued(e.data as HandoffSessionQueued);
      case 'HandoffSessionAssigned':
        return this.assigned(e.data as HandoffSessionAssigned);
      case 'HandoffMessageFromOperator':
        return this.operatorReplied(e.data as HandoffMessageFromOperator);
      case 'HandoffSessionEnded':
        return this.ended(e.data as HandoffSessionEnded);
      case 'HandoffSessionRated':
        return this.rated(e.data as HandoffSessionRated);
    }
  }

  rows(): HandoffRows {
    return {
      sessions: [...this.changed].map((sessionId) => this.sessions.get(sessionId)!),
      operators: [...this.operatorNames].map(([operatorId, name]) => ({ operatorId, name })),
      handoffPanel: handoffPanelOf(this.counters.deltas()),
    };
  }

  private session(sessionId: string, department: string): SessionState {
    let session = this.sessions.get(sessionId);
    if (!session) {
      session = {
        sessionId,
        department,
        operatorId: null,
        queuedAt: null,
        assignedAt: null,
        firstReplyAt: null,
        endedAt: null,
      };
      this.sessions.set(sessionId, session);
    }
    this.changed.add(sessionId);
    return session;
  }

  private queued(d: HandoffSessionQueued): void {
    const session = this.session(d.sessionId, d.department);
    if (session.queuedAt !== null) return;
    session.queuedAt = toMillis(d.queuedAt);
    this.counters.add('handoff-queued', session.queuedAt, { department: d.department });
  }

  private assigned(d: HandoffSessionAssigned): void {
    this.operatorNames.set(d.operatorId, d.operatorName);
    const session = this.session(d.sessionId, d.department);
    session.queuedAt ??= toMillis(d.queuedAt);
    if (session.assignedAt === null) {
      session.assignedAt = toMillis(d.assignedAt);
      session.department = d.department;
      this.counters.add(
        'handoff-wait',
        session.queuedAt,
        { department: d.department, operatorId: d.operatorId },
        1,
        seconds(session.queuedAt, session.assignedAt),
      );
    }
    session.operatorId = d.operatorId;
  }

  private operatorReplied(d: HandoffMessageFromOperator): void {
    this.operatorNames.set(d.operatorId, d.operatorName);
    const session = this.session(d.sessionId, d.department);
    if (session.firstReplyAt !== null) return;
    session.firstReplyAt = toMillis(d.sentAt);
    if (session.queuedAt !== null)
      this.counters.add(
        'handoff-first-reply',
        session.queuedAt,
        { department: d.department, operatorId: d.operatorId },
        1,
        seconds(session.queuedAt, session.firstReplyAt),
      );
  }

  /** A session that ended before anyone took it counts as unanswered, in the bucket it ended if never queued. */
  private ended(d: HandoffSessionEnded): void {
    const session = this.session(d.sessionId, d.department);
    if (session.endedAt !== null) return;
    session.endedAt = toMillis(d.endedAt);
    const bucketAt = session.queuedAt ?? session.endedAt;
    const operatorId = d.operatorId ?? session.operatorId ?? '';
    this.counters.add('handoff-ended', bucketAt, {
      department: session.department,
      operatorId,
      endedBy: session.assignedAt === null ? 'unanswered' : d.endedBy,
    });
    if (session.assignedAt !== null)
      this.counters.add(
        'handoff-handling',
        bucketAt,
        { department: session.department, operatorId },
        1,
        seconds(session.assignedAt, session.endedAt),
      );
  }

  private rated(d: HandoffSessionRated): void {
    this.counters.add(
      'handoff-rating',
      toMillis(d.ratedAt),
      { department: d.department, operatorId: d.operatorId ?? '' },
      1,
      d.rating,
    );
  }
}
