import { RowSink } from '@citizen-desk/event-store';
import { DataSource, EntityManager } from 'typeorm';
import { RecentWaits } from './queue-estimate';
import { SessionClocks } from './session-timeouts';
import { SessionState, SessionStatus } from './session.state';

export interface SessionRow {
  id: string;
  citizenId: string;
  citizenName: string | null;
  department: string;
  topic: string | null;
  language: string;
  status: Exclude<SessionStatus, 'none'>;
  operatorId: string | null;
  operatorName: string | null;
  outsideOfficeHours: boolean;
  requestedText: string | null;
  preview: string | null;
  queuedAt: string;
  assignedAt: string | null;
  firstReplyAt: string | null;
  lastActivityAt: string;
  endedAt: string | null;
  endedBy: string | null;
  resolution: string | null;
  rating: number | null;
}

const COLUMNS = `id, citizen_id AS "citizenId", citizen_name AS "citizenName", department, topic, language, status,
  operator_id AS "operatorId", operator_name AS "operatorName", outside_office_hours AS "outsideOfficeHours",
  requested_text AS "requestedText", preview, queued_at AS "queuedAt", assigned_at AS "assignedAt",
  first_reply_at AS "firstReplyAt", last_activity_at AS "lastActivityAt", ended_at AS "endedAt", ended_by AS "endedBy",
  resolution, rating`;

const iso = (v: unknown): string | null => (v instanceof Date ? v.toISOString() : (v as string | null));

function rowOf(r: Record<string, unknown>): SessionRow {
  return {
    ...(r as unknown as SessionRow),
    queuedAt: iso(r.queuedAt)!,
    assignedAt: iso(r.assignedAt),
    firstReplyAt: iso(r.firstReplyAt),
    lastActivityAt: iso(r.lastActivityAt)!,
    endedAt: iso(r.endedAt),
  };
}

export interface HistoryEntry {
  eventId: string;
  citizenId: string;
  at: string;
  author: 'citizen' | 'bot';
  kind: string;
  text?: string;
  mediaUrl?: string;
  lat?: number;
  lon?: number;
}

export interface OperatorLoad {
  operatorId: string;
  name: string;
  email: string;
  departments: string[];
  available: boolean;
  activeSessions: number;
}

export interface DepartmentQueue {
  department: string;
  waiting: number;
  oldestQueuedAt: string | null;
}

/** The `handoff_sessions` read model, operators' availability and citizens' recent history. */
export class SessionsRepository {
  private readonly historySinks = new Map<number, RowSink<HistoryEntry>>();

  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** Writes the session's row from its state, in the transaction that appended the events. */
  async project(manager: EntityManager, s: SessionState, version: number): Promise<void> {
    await manager.query(
      `INSERT INTO handoff_sessions (id, citizen_id, citizen_name, department, topic, language, status, operator_id,
         operator_name, outside_office_hours, requested_text, preview, queued_at, assigned_at, first_reply_at,
         last_activity_at, ended_at, ended_by, resolution, rating, version)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21)
       ON CONFLICT (id) DO UPDATE SET department = $4, status = $7, operator_id = $8, operator_name = $9, preview = $12,
         queued_at = $13, assigned_at = $14, first_reply_at = $15, last_activity_at = $16, ended_at = $17, ended_by = $18,
         resolution = $19, rating = $20, version = $21`,
      [
        s.sessionId,
        s.citizenId,
        s.citizenName,
        s.department,
        s.topic,
        s.language,
        s.status,
        s.operatorId,
        s.operatorName,
        s.outsideOfficeHours,
        s.requestedText,
        s.preview,
        s.queuedAt,
        s.assignedAt,
        s.firstReplyAt,
        s.lastActivityAt,
        s.endedAt,
        s.endedBy,
        s.resolution,
        s.rating,
        version,
      ],
    );
  }

  async get(id: string, manager?: EntityManager): Promise<SessionRow | undefined> {
    const rows = await this.m(manager).query(`SELECT ${COLUMNS} FROM handoff_sessions WHERE id = $1`, [id]);
    return rows[0] && rowOf(rows[0]);
  }

  /** Sessions with a status, in the given departments (null: all), oldest waiting first, newest closed first. */
  async list(status: SessionRow['status'], departments: string[] | null, limit = 200): Promise<SessionRow[]> {
    const order = status === 'closed' ? 'ended_at DESC' : 'queued_at ASC';
    const rows = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM handoff_sessions WHERE status = $1 AND ($2::text[] IS NULL OR department = ANY($2))
       ORDER BY ${order} LIMIT $3`,
      [status, departments, limit],
    );
    return rows.map(rowOf);
  }

  async openSessionOf(citizenId: string, manager?: EntityManager): Promise<SessionRow | undefined> {
    const rows = await this.m(manager).query(
      `SELECT ${COLUMNS} FROM handoff_sessions WHERE citizen_id = $1 AND status IN ('waiting', 'active')`,
      [citizenId],
    );
    return rows[0] && rowOf(rows[0]);
  }

  /** The open session of each of these citizens that has one (a consumer's batch in one query). */
  async openSessionsOf(citizenIds: string[], manager?: EntityManager): Promise<Map<string, SessionRow>> {
    if (citizenIds.length === 0) return new Map();
    const rows = await this.m(manager).query(
      `SELECT ${COLUMNS} FROM handoff_sessions WHERE citizen_id = ANY($1::text[]) AND status IN ('waiting', 'active')`,
      [[...new Set(citizenIds)]],
    );
    return new Map(rows.map((r: Record<string, unknown>) => [r.citizenId as string, rowOf(r)]));
  }

  /** The citizen's latest ended session that an operator handled, not yet rated, ended after `since`. */
  async ratableSessionOf(
    citizenId: string,
    since: Date,
    manager?: EntityManager,
  ): Promise<SessionRow | undefined> {
    const rows = await this.m(manager).query(
      `SELECT ${COLUMNS} FROM handoff_sessions
       WHERE citizen_id = $1 AND status = 'closed' AND rating IS NULL AND operator_id IS NOT NULL AND ended_at >= $2
       ORDER BY ended_at DESC LIMIT 1`,
      [citizenId, since],
    );
    return rows[0] && rowOf(rows[0]);
  }

  /** Sessions waiting in the department's queue, the new one included: the citizen's place. */
  async waitingCount(department: string, manager?: EntityManager): Promise<number> {
    const [{ n }] = await this.m(manager).query(
      `SELECT count(*)::int AS n FROM handoff_sessions WHERE status = 'waiting' AND department = $1`,
      [department],
    );
    return n;
  }

  /**
   * The median wait, queue to operator, over the department's `sample` latest sessions an operator
   * took. Messages left outside office hours are not measured: they wait for the office to open, not
   * for an operator. `assigned_at >= queued_at` leaves out sessions sent back to a queue after an
   * earlier assignment and never taken again.
   */
  async recentWaits(department: string, sample: number, manager?: EntityManager): Promise<RecentWaits> {
    const [row] = await this.m(manager).query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes)::float AS "medianMinutes", count(*)::int AS sessions
       FROM (SELECT extract(epoch FROM assigned_at - queued_at) / 60 AS minutes FROM handoff_sessions
             WHERE department = $1 AND operator_id IS NOT NULL AND NOT outside_office_hours
               AND assigned_at IS NOT NULL AND assigned_at >= queued_at
             ORDER BY assigned_at DESC LIMIT $2) recent`,
      [department, sample],
    );
    return row;
  }

  /** Per department (null: all), how many sessions wait and since when; the longest-waiting queue first. */
  async queueByDepartment(departments: string[] | null): Promise<DepartmentQueue[]> {
    const rows: Array<{ department: string; waiting: number; oldestQueuedAt: unknown }> =
      await this.dataSource.query(
        `SELECT department, count(*)::int AS waiting, min(queued_at) AS "oldestQueuedAt" FROM handoff_sessions
         WHERE status = 'waiting' AND ($1::text[] IS NULL OR department = ANY($1))
         GROUP BY department ORDER BY min(queued_at)`,
        [departments],
      );
    return rows.map((r) => ({ ...r, oldestQueuedAt: iso(r.oldestQueuedAt) }));
  }

  /**
   * Per department, how long the citizen waiting longest in office hours has waited at `now`, in
   * seconds (the SLA metric). Messages left outside office hours are not counted: nobody is there to
   * take them until the office opens.
   */
  async oldestWaits(now: Date): Promise<Array<{ department: string; seconds: number }>> {
    return this.dataSource.query(
      `SELECT department, GREATEST(0, EXTRACT(EPOCH FROM $1::timestamptz - min(queued_at)))::float8 AS seconds
         FROM handoff_sessions WHERE status = 'waiting' AND NOT outside_office_hours
        GROUP BY department`,
      [now],
    );
  }

  async setAvailability(operatorId: string, available: boolean, at: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO handoff_operator_availability (operator_id, available, changed_at) VALUES ($1, $2, $3)
       ON CONFLICT (operator_id) DO UPDATE SET available = $2, changed_at = $3`,
      [operatorId, available, at],
    );
  }

  /**
   * Active staff who answer citizens (operator, supervisor or admin) in the given departments (null:
   * all), with whether they are available and how many sessions they hold.
   */
  async operatorLoads(departments: string[] | null, manager?: EntityManager): Promise<OperatorLoad[]> {
    const rows = await this.m(manager).query(
      `SELECT s.id AS "operatorId", s.name, s.email, s.departments, coalesce(a.available, false) AS available,
         (SELECT count(*)::int FROM handoff_sessions h WHERE h.status = 'active' AND h.operator_id = s.id) AS "activeSessions"
       FROM staff_accounts s LEFT JOIN handoff_operator_availability a ON a.operator_id = s.id
       WHERE s.active AND s.roles && ARRAY['operator', 'supervisor', 'admin']
         AND ($1::text[] IS NULL OR s.departments && $1)
       ORDER BY s.name`,
      [departments],
    );
    return rows;
  }

  /** Available operators of the department below `limit` open sessions, least busy first, then longest available. */
  async assignableOperators(
    department: string,
    limit: number,
    manager: EntityManager,
  ): Promise<Array<{ id: string; name: string }>> {
    return manager.query(
      `SELECT s.id, s.name FROM staff_accounts s JOIN handoff_operator_availability a ON a.operator_id = s.id AND a.available
       LEFT JOIN LATERAL (SELECT count(*)::int AS n FROM handoff_sessions h WHERE h.status = 'active' AND h.operator_id = s.id) load ON true
       WHERE s.active AND $1 = ANY(s.departments) AND s.roles && ARRAY['operator', 'supervisor'] AND load.n < $2
       ORDER BY load.n ASC, a.changed_at ASC, s.id`,
      [department, limit],
    );
  }

  /**
   * Serialises auto-assignment across replicas for the rest of the transaction, so that two of them
   * never both give one operator their last free place.
   */
  async lockAssignment(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':handoff-assign'))`);
  }

  async waitingSessionIds(limit: number): Promise<Array<{ id: string; department: string }>> {
    return this.dataSource.query(
      `SELECT id, department FROM handoff_sessions WHERE status = 'waiting' ORDER BY queued_at LIMIT $1`,
      [limit],
    );
  }

  /**
   * Open sessions whose clock ran out before the cutoffs (see `timeoutCutoffs`): waiting in hours and
   * queued before `waitingQueuedBefore`, a message left outside hours queued before `leftQueuedBefore`,
   * assigned and quiet since before `activeQuietBefore`. Oldest first, at most `limit`.
   */
  async overdueSessionClocks(
    cutoffs: { waitingQueuedBefore: Date; leftQueuedBefore: Date; activeQuietBefore: Date },
    limit = 100,
  ): Promise<SessionClocks[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id, status, outside_office_hours AS "outsideOfficeHours", queued_at AS "queuedAt", last_activity_at AS "lastActivityAt"
       FROM handoff_sessions
       WHERE (status = 'waiting' AND NOT outside_office_hours AND queued_at < $1)
          OR (status = 'waiting' AND outside_office_hours AND queued_at < $2)
          OR (status = 'active' AND last_activity_at < $3)
       ORDER BY queued_at LIMIT $4`,
      [cutoffs.waitingQueuedBefore, cutoffs.leftQueuedBefore, cutoffs.activeQuietBefore, limit],
    );
    return rows.map((r) => ({
      ...(r as unknown as SessionClocks),
      queuedAt: iso(r.queuedAt)!,
      lastActivityAt: iso(r.lastActivityAt)!,
    }));
  }

  /**
   * Claims the right to time the session out in this transaction, or false when another replica is at
   * it. An advisory lock rather than the row lock: a consumer appending to the session takes the events
   * index before the row, and holding the row first here would deadlock with it.
   */
  async tryLockForTimeout(id: string, manager: EntityManager): Promise<boolean> {
    const [{ locked }] = await manager.query(
      `SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || ':handoff-timeout:' || $1)) AS locked`,
      [id],
    );
    return locked;
  }

  /** In the caller's transaction when given `manager` (a consumer's batch), else in its own. */
  /**
   * Citizens' history rows of a consumer's batch, written in two statements however large the batch:
   * one insert, then one trim to the `keep` most recent per citizen touched.
   */
  historySink(keep: number): RowSink<HistoryEntry> {
    // One sink per limit, so that every use case of a batch stages into the same statement.
    let sink = this.historySinks.get(keep);
    if (!sink) {
      sink = { write: (manager, entries) => this.writeHistory(manager, entries, keep) };
      this.historySinks.set(keep, sink);
    }
    return sink;
  }

  /** One entry outside a batch (in its own transaction unless given one). */
  async recordHistory(entry: HistoryEntry, keep: number, manager?: EntityManager): Promise<void> {
    await (manager
      ? this.writeHistory(manager, [entry], keep)
      : this.dataSource.transaction((m) => this.writeHistory(m, [entry], keep)));
  }

  private async writeHistory(manager: EntityManager, entries: HistoryEntry[], keep: number): Promise<void> {
    if (entries.length === 0) return;
    await manager.query(
      `INSERT INTO handoff_citizen_history (event_id, citizen_id, at, author, kind, text, media_url, lat, lon)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[],
                            $7::text[], $8::float8[], $9::float8[])
       ON CONFLICT (event_id) DO NOTHING`,
      [
        entries.map((e) => e.eventId),
        entries.map((e) => e.citizenId),
        entries.map((e) => e.at),
        entries.map((e) => e.author),
        entries.map((e) => e.kind),
        entries.map((e) => e.text ?? null),
        entries.map((e) => e.mediaUrl ?? null),
        entries.map((e) => e.lat ?? null),
        entries.map((e) => e.lon ?? null),
      ],
    );
    // Only the most recent exchanges matter to an operator; older ones are not kept.
    await manager.query(
      `DELETE FROM handoff_citizen_history WHERE id IN (
         SELECT id FROM (
           SELECT id, row_number() OVER (PARTITION BY citizen_id ORDER BY at DESC, id DESC) AS n
             FROM handoff_citizen_history WHERE citizen_id = ANY($1::text[])
         ) ranked WHERE n > $2)`,
      [[...new Set(entries.map((e) => e.citizenId))], keep],
    );
  }

  async historyOf(citizenId: string, before: string, limit: number): Promise<HistoryEntry[]> {
    const rows = await this.dataSource.query(
      `SELECT event_id AS "eventId", citizen_id AS "citizenId", at, author, kind, text, media_url AS "mediaUrl", lat, lon
       FROM handoff_citizen_history WHERE citizen_id = $1 AND at <= $2 ORDER BY at DESC, id DESC LIMIT $3`,
      [citizenId, before, limit],
    );
    return rows
      .reverse()
      .map((r: Record<string, unknown>) =>
        Object.fromEntries(Object.entries({ ...r, at: iso(r.at) }).filter(([, v]) => v !== null)),
      ) as HistoryEntry[];
  }

  async forgetHistory(citizenId: string, manager?: EntityManager): Promise<void> {
    await this.m(manager).query('DELETE FROM handoff_citizen_history WHERE citizen_id = $1', [citizenId]);
    // The sessions stay for the department's figures; the citizen's name and words go, as their
    // shredded key erased them from the sessions' recorded events.
    await this.m(manager).query(
      `UPDATE handoff_sessions SET citizen_name = NULL, requested_text = NULL, preview = NULL
        WHERE citizen_id = $1`,
      [citizenId],
    );
  }
}
