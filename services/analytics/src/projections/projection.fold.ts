import type {
  BotReplied,
  BroadcastBatchSent,
  CampaignBatchPlanned,
  CampaignCreated,
  CampaignStarted,
  CitizenMessageReceived,
  ConversationOpened,
  DeliveryReceipt,
  HandoffMessageFromOperator,
  HandoffSessionAssigned,
  HandoffSessionEnded,
  HandoffSessionQueued,
  HandoffSessionRated,
  ReportFiled,
  ReportReassigned,
  ReportStatusChanged,
} from '@citizen-desk/contracts';
import { hourBucket } from '../calendar/hour-bucket';
import { MunicipalCalendar, toMillis } from '../calendar/municipal-calendar';
import { AnalyticsEvent } from './analytics-event';
import { normaliseQuestion } from './question-text';

/**
 * Every projection as one fold over events in position order: given the state the batch's events touch
 * (citizens, handoff sessions, which campaign a Viber message token belongs to), it computes what to
 * write. No I/O here, so a batch of one event (live) and a batch of thousands (rebuild) run the same
 * code, which is what makes a rebuild come out exactly as the live projection did.
 */

/** An unsubscribe within this long after a notice counts against that notice. */
export const UNSUBSCRIBE_AFTER_CAMPAIGN_MS = 48 * 3600_000;

export type Figure =
  | 'messages-received'
  | 'questions'
  | 'not-understood'
  | 'new-citizens'
  | 'subscribed'
  | 'unsubscribed'
  | 'opted-out'
  | 'handoff-queued'
  | 'handoff-wait'
  | 'handoff-first-reply'
  | 'handoff-handling'
  | 'handoff-ended'
  | 'handoff-rating'
  | 'reports-filed';

export interface CounterDelta {
  figure: Figure;
  hour: string;
  day: string;
  k1: string;
  k2: string;
  k3: string;
  n: number;
  s: number;
}

export interface CitizenState {
  citizenId: string;
  firstSeenAt: number | null;
  subscribed: boolean;
  stateAt: number | null;
  lastCampaignId: string | null;
  lastCampaignAt: number | null;
}

export interface SessionState {
  sessionId: string;
  department: string;
  operatorId: string | null;
  queuedAt: number | null;
  assignedAt: number | null;
  firstReplyAt: number | null;
  endedAt: number | null;
}

/** Where a report stands now, and as of when (so that an older event never overrides a newer one). */
export interface ReportState {
  reportId: string;
  category: string;
  department: string;
  status: string;
  statusAt: number;
  placedAt: number;
}

/** A change to the current number of reports in a status, per category and department. */
export interface ReportStatusDelta {
  category: string;
  department: string;
  status: string;
  n: number;
}

export interface CampaignDelta {
  campaignId: string;
  department: string | null;
  title: string | null;
  createdAt: number | null;
  startedAt: number | null;
  targeted: number;
  planned: number;
  sent: number;
  failed: number;
  delivered: number;
  seen: number;
  deliveryFailed: number;
  unsubscribedAfter: number;
}

export interface NotUnderstoodRow {
  eventId: string;
  position: number;
  citizenId: string;
  hour: string;
  day: string;
  normalised: string;
}

/** What the batch's events touch, loaded before the fold (missing entries are new). */
export interface ProjectionState {
  citizens: Map<string, CitizenState>;
  sessions: Map<string, SessionState>;
  campaignOfMessage: Map<string, string>;
  reports: Map<string, ReportState>;
}

export interface ProjectionKeys {
  citizenIds: Set<string>;
  sessionIds: Set<string>;
  channelMessageIds: Set<string>;
  reportIds: Set<string>;
}

export function emptyState(): ProjectionState {
  return { citizens: new Map(), sessions: new Map(), campaignOfMessage: new Map(), reports: new Map() };
}

/** The state rows a batch of events needs loaded. */
export function stateKeysOf(events: AnalyticsEvent[]): ProjectionKeys {
  const keys: ProjectionKeys = {
    citizenIds: new Set(),
    sessionIds: new Set(),
    channelMessageIds: new Set(),
    reportIds: new Set(),
  };
  for (const e of events) {
    const d = e.data as {
      citizenId?: string;
      citizen?: { id: string };
      sessionId?: string;
      channelMessageId?: string;
      sent?: string[];
      reportId?: string;
    };
    if (d.citizen?.id) keys.citizenIds.add(d.citizen.id);
    if (REPORT_TYPES.has(e.type) && d.reportId) keys.reportIds.add(d.reportId);
    else if (e.type.startsWith('Handoff') && d.sessionId) keys.sessionIds.add(d.sessionId);
    else if (d.citizenId) keys.citizenIds.add(d.citizenId);
    if (e.type === 'BroadcastBatchSent') for (const id of d.sent ?? []) keys.citizenIds.add(id);
    if (
      (e.type === 'MessageDelivered' || e.type === 'MessageSeen' || e.type === 'MessageDeliveryFailed') &&
      d.channelMessageId
    )
      keys.channelMessageIds.add(d.channelMessageId);
  }
  return keys;
}

const REPORT_TYPES = new Set(['ReportFiled', 'ReportStatusChanged', 'ReportReassigned']);

/** The status a filed report starts in (the contract's `received`: open, nobody has acted yet). */
export const FILED_REPORT_STATUS = 'received';

const seconds = (fromMs: number, toMs: number) => Math.max(0, (toMs - fromMs) / 1000);

export class ProjectionFold {
  readonly counters = new Map<string, CounterDelta>();
  readonly changedCitizens = new Set<string>();
  readonly changedSessions = new Set<string>();
  readonly operators = new Map<string, string>();
  readonly campaigns = new Map<string, CampaignDelta>();
  readonly campaignFailures = new Map<string, { campaignId: string; reason: string; n: number }>();
  readonly campaignMessages = new Map<string, string>();
  readonly changedReports = new Set<string>();
  readonly reportStatusDeltas = new Map<string, ReportStatusDelta>();
  notUnderstood: NotUnderstoodRow[] = [];
  readonly forgets: Array<{ citizenId: string; position: number }> = [];

  constructor(
    readonly state: ProjectionState,
    private readonly calendar: MunicipalCalendar,
  ) {}

  applyAll(events: AnalyticsEvent[]): this {
    for (const e of events) this.apply(e);
    return this;
  }

  apply(e: AnalyticsEvent): void {
    const at = toMillis(e.occurredAt);
    switch (e.type) {
      case 'CitizenMessageReceived': {
        const d = e.data as CitizenMessageReceived;
        this.count('messages-received', at, [d.message.kind]);
        this.subscription(this.seeCitizen(d.citizen.id, at), true, at);
        break;
      }
      case 'CitizenSubscribed': {
        const d = e.data as { citizen: { id: string }; at: string };
        this.subscription(this.seeCitizen(d.citizen.id, at), true, toMillis(d.at));
        break;
      }
      case 'ConversationOpened': {
        const d = e.data as ConversationOpened;
        const c = this.seeCitizen(d.citizen.id, at);
        if (d.subscribed) this.subscription(c, true, toMillis(d.at));
        break;
      }
      case 'CitizenUnsubscribed': {
        const d = e.data as { citizenId: string; at: string };
        this.unsubscribe(d.citizenId, toMillis(d.at));
        break;
      }
      case 'CitizenOptedOut':
        this.count('opted-out', at, []);
        break;
      case 'CitizenForgetRequested':
        this.forget((e.data as { citizenId: string }).citizenId, e.position);
        break;
      case 'BotReplied':
        this.botReplied(e, at);
        break;
      case 'MessageDelivered':
      case 'MessageSeen':
      case 'MessageDeliveryFailed':
        this.receipt(e.type, e.data as DeliveryReceipt);
        break;
      case 'BroadcastBatchSent':
        this.batchSent(e.data as BroadcastBatchSent, at);
        break;
      case 'CampaignCreated': {
        const d = e.data as CampaignCreated;
        Object.assign(this.campaign(d.campaignId), {
          title: d.title,
          department: d.department,
          createdAt: toMillis(d.at),
        });
        break;
      }
      case 'CampaignStarted': {
        const d = e.data as CampaignStarted;
        const c = this.campaign(d.campaignId);
        c.department = d.department;
        c.startedAt = toMillis(d.at);
        c.targeted += d.targeted;
        break;
      }
      case 'CampaignBatchPlanned': {
        const d = e.data as CampaignBatchPlanned;
        this.campaign(d.campaignId).planned += d.recipients;
        break;
      }
      case 'HandoffSessionQueued':
      case 'HandoffSessionAssigned':
      case 'HandoffMessageFromOperator':
      case 'HandoffSessionEnded':
      case 'HandoffSessionRated':
        this.handoff(e);
        break;
      case 'ReportFiled':
      case 'ReportStatusChanged':
      case 'ReportReassigned':
        this.report(e);
        break;
    }
  }

  private count(figure: Figure, at: number, keys: string[], n = 1, s = 0): void {
    const hour = hourBucket(new Date(at));
    const day = this.calendar.localDate(at);
    const [k1 = '', k2 = '', k3 = ''] = keys;
    const key = `${figure}\u0000${hour}\u0000${k1}\u0000${k2}\u0000${k3}`;
    const found = this.counters.get(key);
    if (found) {
      found.n += n;
      found.s += s;
    } else this.counters.set(key, { figure, hour, day, k1, k2, k3, n, s });
  }

  private citizen(citizenId: string): CitizenState {
    let c = this.state.citizens.get(citizenId);
    if (!c) {
      c = {
        citizenId,
        firstSeenAt: null,
        subscribed: false,
        stateAt: null,
        lastCampaignId: null,
        lastCampaignAt: null,
      };
      this.state.citizens.set(citizenId, c);
    }
    this.changedCitizens.add(citizenId);
    return c;
  }

  /** A citizen counts as new on the day of the earliest event seen from them, whatever order events arrive in. */
  private seeCitizen(citizenId: string, at: number): CitizenState {
    const c = this.citizen(citizenId);
    if (c.firstSeenAt === null || at < c.firstSeenAt) {
      if (c.firstSeenAt !== null) this.count('new-citizens', c.firstSeenAt, [], -1);
      this.count('new-citizens', at, []);
      c.firstSeenAt = at;
    }
    return c;
  }

  /** Last writer wins by the time the channel reported: an older report never undoes a newer one. */
  private subscription(c: CitizenState, subscribed: boolean, at: number): boolean {
    if (c.stateAt !== null && at < c.stateAt) return false;
    const flipped = c.subscribed !== subscribed;
    c.subscribed = subscribed;
    c.stateAt = at;
    if (flipped) this.count(subscribed ? 'subscribed' : 'unsubscribed', at, []);
    return flipped;
  }

  private unsubscribe(citizenId: string, at: number): void {
    const c = this.citizen(citizenId);
    if (!this.subscription(c, false, at)) return;
    if (
      c.lastCampaignId &&
      c.lastCampaignAt !== null &&
      at >= c.lastCampaignAt &&
      at - c.lastCampaignAt <= UNSUBSCRIBE_AFTER_CAMPAIGN_MS
    )
      this.campaign(c.lastCampaignId).unsubscribedAfter += 1;
  }

  private botReplied(e: AnalyticsEvent, at: number): void {
    const d = e.data as BotReplied;
    this.count('questions', at, [d.topic ?? '', d.language, d.outcome]);
    if (d.outcome !== 'not-understood' || !d.text) return;
    const normalised = normaliseQuestion(d.text);
    if (!normalised) return;
    this.count('not-understood', at, [normalised]);
    this.notUnderstood.push({
      eventId: e.id,
      position: e.position,
      citizenId: d.citizenId,
      hour: hourBucket(new Date(at)),
      day: this.calendar.localDate(at),
      normalised,
    });
  }

  /** The citizen's texts go; the counts without them stay (a question asked is still a question asked). */
  private forget(citizenId: string, position: number): void {
    const kept: NotUnderstoodRow[] = [];
    for (const row of this.notUnderstood) {
      if (row.citizenId !== citizenId) kept.push(row);
      else this.count('not-understood', toMillis(row.hour), [row.normalised], -1);
    }
    this.notUnderstood = kept;
    this.forgets.push({ citizenId, position });
  }

  private campaign(campaignId: string): CampaignDelta {
    let c = this.campaigns.get(campaignId);
    if (!c) {
      c = {
        campaignId,
        department: null,
        title: null,
        createdAt: null,
        startedAt: null,
        targeted: 0,
        planned: 0,
        sent: 0,
        failed: 0,
        delivered: 0,
        seen: 0,
        deliveryFailed: 0,
        unsubscribedAfter: 0,
      };
      this.campaigns.set(campaignId, c);
    }
    return c;
  }

  private batchSent(d: BroadcastBatchSent, at: number): void {
    const c = this.campaign(d.campaignId);
    c.sent += d.sent.length;
    c.failed += d.failed.length;
    for (const f of d.failed) {
      const reason = f.code === undefined ? f.reason : `${f.code} ${f.reason}`;
      const key = `${d.campaignId}\u0000${reason}`;
      const found = this.campaignFailures.get(key);
      if (found) found.n += 1;
      else this.campaignFailures.set(key, { campaignId: d.campaignId, reason, n: 1 });
    }
    if (d.channelMessageId) {
      this.campaignMessages.set(d.channelMessageId, d.campaignId);
      this.state.campaignOfMessage.set(d.channelMessageId, d.campaignId);
    }
    for (const citizenId of d.sent) {
      const citizen = this.citizen(citizenId);
      if (citizen.lastCampaignAt === null || at >= citizen.lastCampaignAt) {
        citizen.lastCampaignId = d.campaignId;
        citizen.lastCampaignAt = at;
      }
    }
  }

  private receipt(type: string, d: DeliveryReceipt): void {
    const campaignId = this.state.campaignOfMessage.get(d.channelMessageId);
    if (!campaignId) return; // a receipt for a reply, not a notice
    const c = this.campaign(campaignId);
    if (type === 'MessageDelivered') c.delivered += 1;
    else if (type === 'MessageSeen') c.seen += 1;
    else c.deliveryFailed += 1;
  }

  private session(sessionId: string, department: string): SessionState {
    let s = this.state.sessions.get(sessionId);
    if (!s) {
      s = {
        sessionId,
        department,
        operatorId: null,
        queuedAt: null,
        assignedAt: null,
        firstReplyAt: null,
        endedAt: null,
      };
      this.state.sessions.set(sessionId, s);
    }
    this.changedSessions.add(sessionId);
    return s;
  }

  /**
   * Waiting (queued → first assigned), first reply (queued → first operator message) and handling
   * (first assigned → ended) are counted once per session, in the bucket of the moment the citizen
   * was queued, under the department and the operator who took the session.
   */
  private handoff(e: AnalyticsEvent): void {
    switch (e.type) {
      case 'HandoffSessionQueued': {
        const d = e.data as HandoffSessionQueued;
        const s = this.session(d.sessionId, d.department);
        if (s.queuedAt !== null) return;
        s.queuedAt = toMillis(d.queuedAt);
        this.count('handoff-queued', s.queuedAt, [d.department]);
        return;
      }
      case 'HandoffSessionAssigned': {
        const d = e.data as HandoffSessionAssigned;
        this.operators.set(d.operatorId, d.operatorName);
        const s = this.session(d.sessionId, d.department);
        s.queuedAt ??= toMillis(d.queuedAt);
        if (s.assignedAt === null) {
          s.assignedAt = toMillis(d.assignedAt);
          s.department = d.department;
          this.count(
            'handoff-wait',
            s.queuedAt,
            [d.department, d.operatorId],
            1,
            seconds(s.queuedAt, s.assignedAt),
          );
        }
        s.operatorId = d.operatorId;
        return;
      }
      case 'HandoffMessageFromOperator': {
        const d = e.data as HandoffMessageFromOperator;
        this.operators.set(d.operatorId, d.operatorName);
        const s = this.session(d.sessionId, d.department);
        if (s.firstReplyAt !== null) return;
        s.firstReplyAt = toMillis(d.sentAt);
        if (s.queuedAt !== null)
          this.count(
            'handoff-first-reply',
            s.queuedAt,
            [d.department, d.operatorId],
            1,
            seconds(s.queuedAt, s.firstReplyAt),
          );
        return;
      }
      case 'HandoffSessionEnded': {
        const d = e.data as HandoffSessionEnded;
        const s = this.session(d.sessionId, d.department);
        if (s.endedAt !== null) return;
        s.endedAt = toMillis(d.endedAt);
        const bucketAt = s.queuedAt ?? s.endedAt;
        const operator = d.operatorId ?? s.operatorId ?? '';
        this.count('handoff-ended', bucketAt, [
          s.department,
          operator,
          s.assignedAt === null ? 'unanswered' : d.endedBy,
        ]);
        if (s.assignedAt !== null)
          this.count(
            'handoff-handling',
            bucketAt,
            [s.department, operator],
            1,
            seconds(s.assignedAt, s.endedAt),
          );
        return;
      }
      case 'HandoffSessionRated': {
        const d = e.data as HandoffSessionRated;
        this.count('handoff-rating', toMillis(d.ratedAt), [d.department, d.operatorId ?? ''], 1, d.rating);
        return;
      }
    }
  }

  private statusDelta(r: ReportState, n: number): void {
    const key = `${r.category}\u0000${r.department}\u0000${r.status}`;
    const found = this.reportStatusDeltas.get(key);
    if (found) found.n += n;
    else
      this.reportStatusDeltas.set(key, {
        category: r.category,
        department: r.department,
        status: r.status,
        n,
      });
  }

  /** A report first seen through any of its events is placed as that event says, in its status now. */
  private reportFirstSeen(
    reportId: string,
    category: string,
    department: string,
    status: string,
    at: number,
    statusAt = at,
  ): void {
    const r: ReportState = { reportId, category, department, status, statusAt, placedAt: at };
    this.state.reports.set(reportId, r);
    this.changedReports.add(reportId);
    this.statusDelta(r, 1);
  }

  /**
   * Filed reports are counted in the bucket they were filed, under the category and department they
   * were filed with (a reassignment later does not rewrite history). The current count by status
   * follows each report: status by the latest `at`, category and department by the latest
   * reassignment, so events that arrive out of order still leave each report counted once, where it is now.
   */
  private report(e: AnalyticsEvent): void {
    switch (e.type) {
      case 'ReportFiled': {
        const d = e.data as ReportFiled;
        const filedAt = toMillis(d.filedAt);
        this.count('reports-filed', filedAt, [d.department, d.category, d.channel]);
        // Already known: a later change arrived first and placed it; the filing tells nothing newer.
        if (!this.state.reports.has(d.reportId))
          this.reportFirstSeen(d.reportId, d.category, d.department, FILED_REPORT_STATUS, filedAt);
        return;
      }
      case 'ReportStatusChanged': {
        const d = e.data as ReportStatusChanged;
        const at = toMillis(d.at);
        const r = this.state.reports.get(d.reportId);
        if (!r) return this.reportFirstSeen(d.reportId, d.category, d.department, d.status, at);
        this.placeReport(r, d.category, d.department, at);
        if (at < r.statusAt) return;
        this.changedReports.add(r.reportId);
        r.statusAt = at;
        if (r.status === d.status) return;
        this.statusDelta(r, -1);
        r.status = d.status;
        this.statusDelta(r, 1);
        return;
      }
      case 'ReportReassigned': {
        const d = e.data as ReportReassigned;
        const at = toMillis(d.at);
        const r = this.state.reports.get(d.reportId);
        // Its status is not known yet: assume it was just filed, and let any status change override that.
        if (!r) return this.reportFirstSeen(d.reportId, d.category, d.department, FILED_REPORT_STATUS, at, 0);
        this.placeReport(r, d.category, d.department, at);
        return;
      }
    }
  }

  private placeReport(r: ReportState, category: string, department: string, at: number): void {
    if (at < r.placedAt) return;
    this.changedReports.add(r.reportId);
    r.placedAt = at;
    if (r.category === category && r.department === department) return;
    this.statusDelta(r, -1);
    r.category = category;
    r.department = department;
    this.statusDelta(r, 1);
  }
}
