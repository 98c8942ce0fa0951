import { MunicipalCalendar, toMillis } from '../calendar/municipal-calendar';
import { AnalyticsEvent } from './analytics-event';
import { CAMPAIGN_EVENTS, CampaignRows, CampaignsFold, messageTokensTouchedBy } from './campaigns.fold';
import { CounterDelta } from './figure-counters';
import { HANDOFF_EVENTS, HandoffFold, HandoffRows, SessionState, sessionsTouchedBy } from './handoff.fold';
import { QUESTION_EVENTS, QuestionRows, QuestionsFold } from './questions.fold';
import { REPORT_EVENTS, ReportRows, ReportsFold, ReportState, reportsTouchedBy } from './reports.fold';
import {
  CitizenState,
  citizensTouchedBy,
  SUBSCRIBER_EVENTS,
  SubscriberRows,
  SubscribersFold,
} from './subscribers.fold';

/**
 * Every projection as one fold over events in position order: given the state the batch's events touch
 * (citizens, handoff sessions, which campaign a Viber message token belongs to, reports), it computes what
 * to write. No I/O here, so a batch of one event (live) and a batch of thousands (rebuild) run the same
 * code, which is what makes a rebuild come out exactly as the live projection did. This file only routes
 * each event to the projections' own folds and collects their row changes.
 */

/** What the batch's events touch, loaded before the fold (missing entries are new). */
export interface ProjectionState {
  citizens: Map<string, CitizenState>;
  sessions: Map<string, SessionState>;
  campaignOfMessage: Map<string, string>;
  reports: Map<string, ReportState>;
}

/** The ids of the state rows a batch needs loaded. */
export interface ProjectionKeys {
  citizenIds: Set<string>;
  sessionIds: Set<string>;
  channelMessageIds: Set<string>;
  reportIds: Set<string>;
}

/** Everything a batch changes, for the repository to write (handoff figures as panel lines). */
export type ProjectionChanges = { counters: CounterDelta[] } & SubscriberRows &
  QuestionRows &
  HandoffRows &
  CampaignRows &
  ReportRows;

export function emptyState(): ProjectionState {
  return { citizens: new Map(), sessions: new Map(), campaignOfMessage: new Map(), reports: new Map() };
}

export function stateKeysOf(events: AnalyticsEvent[]): ProjectionKeys {
  const keys: ProjectionKeys = {
    citizenIds: new Set(),
    sessionIds: new Set(),
    channelMessageIds: new Set(),
    reportIds: new Set(),
  };
  for (const e of events) {
    citizensTouchedBy(e, keys.citizenIds);
    sessionsTouchedBy(e, keys.sessionIds);
    messageTokensTouchedBy(e, keys.channelMessageIds);
    reportsTouchedBy(e, keys.reportIds);
  }
  return keys;
}

/** The event types some projection reads (analytics must keep a copy of each: PROJECTED_TYPES). */
export const FOLDED_EVENT_TYPES: ReadonlySet<string> = new Set([
  ...SUBSCRIBER_EVENTS,
  ...QUESTION_EVENTS,
  ...HANDOFF_EVENTS,
  ...CAMPAIGN_EVENTS,
  ...REPORT_EVENTS,
]);

interface EventFold {
  apply(e: AnalyticsEvent, at: number): void;
}

export class ProjectionFold {
  private readonly subscribers: SubscribersFold;
  private readonly questions: QuestionsFold;
  private readonly handoff: HandoffFold;
  private readonly campaigns: CampaignsFold;
  private readonly reports: ReportsFold;
  private readonly foldsOf = new Map<string, EventFold[]>();

  /** @param citizenRetentionDays ANALYTICS_CITIZEN_RETENTION_DAYS (see SubscribersFold) */
  constructor(state: ProjectionState, calendar: MunicipalCalendar, citizenRetentionDays = Infinity) {
    const campaigns = new CampaignsFold(state.campaignOfMessage);
    // An unsubscribe soon after a notice counts against its campaign; only the citizen's state tells which.
    this.subscribers = new SubscribersFold(
      state.citizens,
      calendar,
      (campaignId) => campaigns.countUnsubscribeAfterNotice(campaignId),
      citizenRetentionDays * 86_400_000,
    );
    this.questions = new QuestionsFold(calendar);
    this.handoff = new HandoffFold(state.sessions, calendar);
    this.campaigns = campaigns;
    this.reports = new ReportsFold(state.reports, calendar);
    this.route(SUBSCRIBER_EVENTS, this.subscribers);
    this.route(QUESTION_EVENTS, this.questions);
    this.route(HANDOFF_EVENTS, this.handoff);
    this.route(CAMPAIGN_EVENTS, this.campaigns);
    this.route(REPORT_EVENTS, this.reports);
  }

  applyAll(events: AnalyticsEvent[]): this {
    for (const e of events) this.apply(e);
    return this;
  }

  apply(e: AnalyticsEvent): void {
    const folds = this.foldsOf.get(e.type);
    if (!folds) return;
    const at = toMillis(e.occurredAt);
    for (const fold of folds) fold.apply(e, at);
  }

  changes(): ProjectionChanges {
    return {
      counters: [
        ...this.subscribers.counters.deltas(),
        ...this.questions.counters.deltas(),
        ...this.reports.counters.deltas(),
      ],
      ...this.subscribers.rows(),
      ...this.questions.rows(),
      ...this.handoff.rows(),
      ...this.campaigns.rows(),
      ...this.reports.rows(),
    };
  }

  private route(types: readonly string[], fold: EventFold): void {
    for (const type of types) {
      const folds = this.foldsOf.get(type);
      if (folds) folds.push(fold);
      else this.foldsOf.set(type, [fold]);
    }
  }
}
