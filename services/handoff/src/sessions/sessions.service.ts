import { canActInDepartment, hasRole, StaffClaims } from '@citizen-desk/auth';
import {
  CitizenMessageReceived,
  deterministicId,
  Envelope,
  HandoffRequested,
  makeEnvelope,
  readHandoffTap,
  SendMessageToCitizen,
} from '@citizen-desk/contracts';
import { ConcurrencyError, EventStore, processOnce } from '@citizen-desk/event-store';
import { Logger } from '@citizen-desk/observability';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { describeWeeklyHours, hoursOf, isOpen, OfficeHoursConfig } from '../office-hours/office-hours';
import { StaffAccountsRepository } from '../staff/staff-accounts.repository';
import { citizenNoticesFor, QueueInfo, TimeoutKind } from './citizen-notices';
import { savedReplyText } from './saved-replies';
import { Actor, decideSession, SessionCommand, SessionRejected } from './session.decide';
import { decideTimeouts, timeoutCutoffs, timeoutLimitsOf, timeoutOf } from './session-timeouts';
import { SessionEvent, sessionStreamId } from './session.events';
import { evolveSession, initialSessionState, SessionState } from './session.state';
import { HistoryEntry, OperatorLoad, SessionRow, SessionsRepository } from './sessions.repository';
import { citizenTextsFor } from './texts/citizen-texts';
import { estimateWaitMinutes } from './wait-estimate';

export interface SessionsOptions {
  officeHours: OfficeHoursConfig;
  maxSessionsPerOperator: number;
  maxWaitMinutes: number;
  leftMessageMaxHours: number;
  idleMinutes: number;
  averageHandlingMinutes: number;
  historyLimit: number;
  historyRetentionDays: number;
  ratingWindowHours: number;
  logger: Logger;
  now?: () => Date;
}

/** Why an operator's request was refused; the controller maps it to an HTTP status. */
export class SessionAccessDenied extends Error {
  constructor(
    readonly status: 403 | 404 | 400,
    message: string,
  ) {
    super(message);
  }
}

export interface TranscriptEntry {
  type: SessionEvent['type'];
  at: string;
  data: SessionEvent['data'];
}

export interface SessionDetail {
  session: SessionRow;
  /** What the citizen and the bot said before the handoff (the most recent exchanges only). */
  history: HistoryEntry[];
  transcript: TranscriptEntry[];
}

export const HANDOFF_REQUESTS_CONSUMER = 'handoff-requests';
const MANAGE_ROLES = ['supervisor'] as const;

/** Loads a session's stream, decides, appends (with the messages to the citizen) and projects. */
export class SessionsService {
  private readonly now: () => Date;

  constructor(
    private readonly dataSource: DataSource,
    private readonly eventStore: EventStore,
    private readonly repo: SessionsRepository,
    private readonly staff: StaffAccountsRepository,
    private readonly opts: SessionsOptions,
  ) {
    this.now = opts.now ?? (() => new Date());
  }

  /**
   * Runs one command on a session. Inside a caller's transaction a lost race throws ConcurrencyError to
   * the caller; on its own it reloads and decides again (so a claim that lost sees who won: 409).
   */
  async execute(
    sessionId: string,
    command: SessionCommand,
    ctx: { causedBy?: Pick<Envelope, 'id' | 'correlationId'>; queue?: QueueInfo; timeout?: TimeoutKind } = {},
    manager?: EntityManager,
  ): Promise<SessionState> {
    const attempt = (m: EntityManager) => this.executeIn(m, sessionId, command, ctx);
    if (manager) return attempt(manager);
    for (let tries = 1; ; tries++) {
      try {
        return await this.dataSource.transaction(attempt);
      } catch (e) {
        if (!(e instanceof ConcurrencyError) || tries >= 5) throw e;
      }
    }
  }

  private async executeIn(
    manager: EntityManager,
    sessionId: string,
    command: SessionCommand,
    ctx: { causedBy?: Pick<Envelope, 'id' | 'correlationId'>; queue?: QueueInfo; timeout?: TimeoutKind },
  ): Promise<SessionState> {
    const streamId = sessionStreamId(sessionId);
    const { state, version } = await this.eventStore.aggregateStream(
      streamId,
      evolveSession,
      initialSessionState,
      manager,
    );
    const events = decideSession(command, state);
    if (events.length === 0) return state;
    let after = state;
    const envelopes: Envelope[] = [];
    const notices: Envelope[] = [];
    for (const event of events) {
      const envelope = makeEnvelope({
        type: event.type,
        version: 1,
        streamId,
        data: event.data,
        causedBy: ctx.causedBy,
      });
      after = evolveSession(after, envelope);
      envelopes.push(envelope);
      for (const notice of citizenNoticesFor(
        { ...event, id: envelope.id } as SessionEvent & { id: string },
        after,
        ctx,
      ))
        notices.push(
          makeEnvelope<SendMessageToCitizen>({
            type: 'SendMessageToCitizen',
            version: 1,
            streamId,
            data: notice,
            causedBy: envelope,
          }),
        );
    }
    await this.eventStore.append(streamId, version, envelopes, { manager, alsoPublish: notices });
    await this.repo.project(manager, after, version + envelopes.length);
    return after;
  }

  // ---- the citizen's side (consumers) ----

  /** Opens a session for the dialog's HandoffRequested, once, and tells the citizen their place in the queue. */
  async onHandoffRequested(envelope: Envelope<HandoffRequested>): Promise<void> {
    const request = envelope.data;
    const sessionId = deterministicId(`handoff-session:${envelope.id}`);
    let queued = false;
    await processOnce(this.dataSource, HANDOFF_REQUESTS_CONSUMER, envelope.id, async (manager) => {
      // Already talking to a person: the request adds nothing (the dialog should not send one).
      if (await this.repo.openSessionOf(request.citizenId, manager)) return;
      const now = this.now();
      const hours = hoursOf(this.opts.officeHours, request.department);
      const outsideOfficeHours = !isOpen(hours, now);
      const position = (await this.repo.waitingCount(request.department, manager)) + 1;
      const available = await this.repo.availableOperatorCount(request.department, manager);
      const average =
        (await this.repo.averageHandlingMinutes(request.department, manager)) ??
        this.opts.averageHandlingMinutes;
      const queue: QueueInfo = {
        position,
        waitMinutes: estimateWaitMinutes(position, available, average),
        hours: describeWeeklyHours(hours, citizenTextsFor(request.language).dayNames),
      };
      await this.execute(
        sessionId,
        { type: 'QueueSession', sessionId, request, outsideOfficeHours, now: now.toISOString() },
        { causedBy: envelope, queue },
        manager,
      );
      queued = true;
    });
    if (queued) await this.autoAssign();
  }

  /** Keeps the citizen's recent history, forwards what they write to an open session, takes end and rating taps. */
  async onCitizenMessage(envelope: Envelope<CitizenMessageReceived>): Promise<void> {
    const { citizen, message } = envelope.data;
    await this.repo.recordHistory(
      {
        eventId: envelope.id,
        citizenId: citizen.id,
        at: envelope.data.sentAt,
        author: 'citizen',
        kind: message.kind,
        text: message.text,
        mediaUrl: message.mediaUrl,
        lat: message.location?.lat,
        lon: message.location?.lon,
      },
      this.opts.historyLimit,
    );
    const tap = readHandoffTap(message.kind === 'text' ? message.text : undefined);
    const open = await this.repo.openSessionOf(citizen.id);
    const now = this.now().toISOString();
    try {
      if (open) {
        if (tap?.kind === 'end')
          await this.execute(
            open.id,
            { type: 'EndSession', endedBy: 'citizen', now },
            { causedBy: envelope },
          );
        else if (tap?.kind !== 'rate')
          await this.execute(
            open.id,
            { type: 'ForwardCitizenMessage', eventId: envelope.id, message, now },
            { causedBy: envelope },
          );
        if (tap?.kind === 'end') await this.autoAssign();
        return;
      }
      if (tap?.kind === 'rate') {
        const since = new Date(Date.now() - this.opts.ratingWindowHours * 3600_000);
        const ratable = await this.repo.ratableSessionOf(citizen.id, since);
        if (ratable)
          await this.execute(
            ratable.id,
            { type: 'RateSession', rating: tap.rating, now },
            { causedBy: envelope },
          );
      }
    } catch (e) {
      // A redelivery after the session moved on (ended, rated): nothing left to do.
      if (e instanceof SessionRejected) return;
      throw e;
    }
  }

  /** The bot's own answers, for the operator's view of what the citizen was told before. */
  async onMessageToCitizen(envelope: Envelope<SendMessageToCitizen>): Promise<void> {
    const { origin, citizenId, message } = envelope.data;
    if (origin !== 'dialog') return;
    const text =
      message.kind === 'text'
        ? message.text
        : message.kind === 'picture'
          ? (message.caption ?? message.url)
          : message.kind === 'url'
            ? message.url
            : undefined;
    await this.repo.recordHistory(
      {
        eventId: envelope.id,
        citizenId,
        at: envelope.occurredAt,
        author: 'bot',
        kind: message.kind,
        text,
        lat: message.kind === 'location' ? message.lat : undefined,
        lon: message.kind === 'location' ? message.lon : undefined,
      },
      this.opts.historyLimit,
    );
  }

  async onCitizenForgotten(citizenId: string): Promise<void> {
    await this.repo.forgetHistory(citizenId);
  }

  // ---- the operator's side ----

  async list(staff: StaffClaims, status: SessionRow['status']): Promise<SessionRow[]> {
    return this.repo.list(status, staff.roles.includes('admin') ? null : staff.departments);
  }

  async detail(id: string, staff: StaffClaims): Promise<SessionDetail> {
    const session = await this.visible(id, staff);
    const { events } = await this.eventStore.readStream(sessionStreamId(id));
    // What came before the request; what the citizen wrote after it is in the transcript.
    const requestedAt =
      (events[0]?.data as { requestedAt?: string } | undefined)?.requestedAt ?? session.queuedAt;
    const history = await this.repo.historyOf(session.citizenId, requestedAt, this.opts.historyLimit);
    return {
      session,
      history,
      transcript: events.map((e) => ({
        type: e.type as SessionEvent['type'],
        at: e.occurredAt,
        data: e.data as SessionEvent['data'],
      })),
    };
  }

  async claim(id: string, staff: StaffClaims): Promise<SessionRow> {
    await this.visible(id, staff);
    await this.execute(id, {
      type: 'AssignSession',
      operator: actorOf(staff),
      by: 'claim',
      now: this.now().toISOString(),
    });
    return (await this.repo.get(id))!;
  }

  async reply(
    id: string,
    staff: StaffClaims,
    body: { text?: string; savedReplyId?: string },
  ): Promise<{ messageId: string }> {
    const session = await this.visible(id, staff);
    const text = body.savedReplyId ? savedReplyText(body.savedReplyId, session.language) : body.text;
    if (!text) throw new SessionAccessDenied(400, `no saved reply ${body.savedReplyId}`);
    const messageId = randomUUID();
    await this.execute(id, {
      type: 'SendOperatorMessage',
      operator: actorOf(staff),
      messageId,
      text,
      ...(body.savedReplyId ? { savedReplyId: body.savedReplyId } : {}),
      mayActForOthers: hasRole(staff, ...MANAGE_ROLES),
      now: this.now().toISOString(),
    });
    return { messageId };
  }

  async addNote(id: string, staff: StaffClaims, text: string): Promise<void> {
    await this.visible(id, staff);
    await this.execute(id, {
      type: 'AddNote',
      operator: actorOf(staff),
      text,
      now: this.now().toISOString(),
    });
  }

  async transfer(
    id: string,
    staff: StaffClaims,
    to: { department?: string; operatorId?: string },
  ): Promise<SessionRow> {
    const session = await this.visible(id, staff);
    let toOperator: Actor | null = null;
    let toDepartment = to.department ?? session.department;
    if (to.operatorId) {
      const target = await this.staff.findById(to.operatorId);
      if (!target || !target.active || !hasRole(target, 'operator', 'supervisor'))
        throw new SessionAccessDenied(400, `${to.operatorId} is not an active operator`);
      if (!to.department && !target.departments.includes(toDepartment) && !target.roles.includes('admin'))
        toDepartment = target.departments[0] ?? toDepartment;
      if (!canActInDepartment(target, toDepartment))
        throw new SessionAccessDenied(400, `${target.name} does not work in ${toDepartment}`);
      toOperator = { id: target.id, name: target.name };
    }
    await this.execute(id, {
      type: 'TransferSession',
      by: actorOf(staff),
      toDepartment,
      toOperator,
      now: this.now().toISOString(),
    });
    if (!toOperator) await this.autoAssign();
    return (await this.repo.get(id))!;
  }

  async close(id: string, staff: StaffClaims, resolution: string | undefined): Promise<SessionRow> {
    const session = await this.visible(id, staff);
    if (session.status === 'active' && session.operatorId !== staff.sub && !hasRole(staff, ...MANAGE_ROLES))
      throw new SessionRejected('taken', `the session is ${session.operatorName}'s`);
    await this.execute(id, {
      type: 'EndSession',
      endedBy: 'operator',
      resolution,
      now: this.now().toISOString(),
    });
    await this.autoAssign();
    return (await this.repo.get(id))!;
  }

  async setAvailability(staff: StaffClaims, available: boolean): Promise<void> {
    await this.repo.setAvailability(staff.sub, available, this.now());
    if (available) await this.autoAssign();
  }

  /** The queue per department and every operator's load, in the departments the caller supervises. */
  async operators(staff: StaffClaims): Promise<{
    operators: OperatorLoad[];
    queue: Array<{ department: string; waiting: number; oldestQueuedAt: string | null }>;
  }> {
    const departments = staff.roles.includes('admin') ? null : staff.departments;
    const operators = await this.repo.operatorLoads(departments);
    const waiting = await this.repo.list('waiting', departments, 10000);
    const byDepartment = new Map<
      string,
      { department: string; waiting: number; oldestQueuedAt: string | null }
    >();
    for (const s of waiting) {
      const entry = byDepartment.get(s.department) ?? {
        department: s.department,
        waiting: 0,
        oldestQueuedAt: s.queuedAt,
      };
      entry.waiting += 1;
      byDepartment.set(s.department, entry);
    }
    return { operators, queue: [...byDepartment.values()] };
  }

  // ---- background: auto-assignment and time-outs ----

  /**
   * Gives waiting sessions to available operators of their department, least busy first, within the
   * per-operator limit. One transaction per session under an advisory lock, so that replicas doing
   * this at once never give one operator more than the limit.
   */
  async autoAssign(): Promise<number> {
    let assigned = 0;
    for (const { id } of await this.repo.waitingSessionIds(200)) {
      try {
        await this.dataSource.transaction(async (manager) => {
          await manager.query(
            `SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':handoff-assign'))`,
          );
          const row = await this.repo.get(id, manager);
          if (row?.status !== 'waiting') return;
          const [operator] = await this.repo.assignableOperators(
            row.department,
            this.opts.maxSessionsPerOperator,
            manager,
          );
          if (!operator) return;
          await this.execute(
            id,
            { type: 'AssignSession', operator, by: 'auto', now: this.now().toISOString() },
            {},
            manager,
          );
          assigned += 1;
        });
      } catch (e) {
        if (!(e instanceof ConcurrencyError) && !(e instanceof SessionRejected)) throw e;
      }
    }
    return assigned;
  }

  /**
   * Ends sessions past their clocks with a polite message and a HandoffSessionEnded (endedBy
   * 'timeout'), so the dialog answers the citizen again; the transcript stays in the session's stream.
   * Replicas sweeping at once share the work: each session is timed out under a try-lock, and its
   * clock is read again once the lock is held, so an answer or a claim that came in meanwhile wins.
   * `now` is a parameter so that tests can sweep as if later.
   */
  async sweep(now: Date = this.now()): Promise<{ ended: number; assigned: number }> {
    const limits = timeoutLimitsOf(this.opts);
    const candidates = await this.repo.overdueSessionClocks(timeoutCutoffs(now, limits));
    let ended = 0;
    for (const { id } of decideTimeouts(candidates, now, limits)) {
      try {
        await this.dataSource.transaction(async (manager) => {
          if (!(await this.repo.tryLockForTimeout(id, manager))) return;
          const current = await this.repo.get(id, manager);
          const kind = current && timeoutOf(current, now, limits);
          if (!kind) return;
          await this.execute(
            id,
            { type: 'EndSession', endedBy: 'timeout', now: now.toISOString() },
            { timeout: kind },
            manager,
          );
          ended += 1;
        });
      } catch (e) {
        // Another replica or a consumer moved the session first: the next sweep sees where it stands.
        if (!(e instanceof ConcurrencyError) && !(e instanceof SessionRejected)) throw e;
      }
    }
    await this.repo.dropHistoryOlderThan(
      new Date(now.getTime() - this.opts.historyRetentionDays * 86400_000),
    );
    const assigned = await this.autoAssign();
    return { ended, assigned };
  }

  private async visible(id: string, staff: StaffClaims): Promise<SessionRow> {
    const session = await this.repo.get(id);
    if (!session) throw new SessionAccessDenied(404, `no session ${id}`);
    if (!canActInDepartment(staff, session.department))
      throw new SessionAccessDenied(
        403,
        `session ${id} belongs to ${session.department}, not to your departments`,
      );
    return session;
  }
}

function actorOf(staff: StaffClaims): Actor {
  return { id: staff.sub, name: staff.name };
}
