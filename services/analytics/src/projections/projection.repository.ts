import { EntityManager } from 'typeorm';
import { PROJECTION_TABLES } from '../migrations';
import { CampaignRows } from './campaigns.fold';
import { CounterDelta, storedDimensionsOf } from './figure-counters';
import { SessionState } from './handoff.fold';
import {
  HANDOFF_PANEL_COLUMNS,
  HANDOFF_PANEL_MEASURES,
  HANDOFF_PANEL_SUMS,
  HandoffPanelDelta,
  HandoffPanelMeasures,
  noHandoffMeasures,
} from './handoff-panel';
import { emptyState, ProjectionChanges, ProjectionKeys, ProjectionState } from './projection.fold';
import { ReportRows } from './reports.fold';
import { CitizenState } from './subscribers.fold';

/** A counter as `counts_hourly` / `counts_daily` store it: the figure's dimensions in columns k1..k3. */
interface StoredCounter {
  figure: string;
  bucket: string;
  k1: string;
  k2: string;
  k3: string;
  n: number;
  s: number;
}

const ms = (v: Date | string | null) => (v === null ? null : new Date(v).getTime());
const iso = (v: number | null) => (v === null ? null : new Date(v).toISOString());

/** Reads the state a batch needs and writes what the fold computed, in set-based statements. */
export class ProjectionRepository {
  async loadState(manager: EntityManager, keys: ProjectionKeys): Promise<ProjectionState> {
    const state: ProjectionState = emptyState();
    if (keys.citizenIds.size) {
      const rows: Array<{
        citizen_id: string;
        first_seen_at: Date | null;
        subscribed: boolean;
        state_at: Date | null;
        last_campaign_id: string | null;
        last_campaign_at: Date | null;
      }> = await manager.query('SELECT * FROM citizens WHERE citizen_id = ANY($1)', [[...keys.citizenIds]]);
      for (const r of rows)
        state.citizens.set(r.citizen_id, {
          citizenId: r.citizen_id,
          firstSeenAt: ms(r.first_seen_at),
          subscribed: r.subscribed,
          stateAt: ms(r.state_at),
          lastCampaignId: r.last_campaign_id,
          lastCampaignAt: ms(r.last_campaign_at),
        });
    }
    if (keys.sessionIds.size) {
      const rows: Array<{
        session_id: string;
        department: string;
        operator_id: string | null;
        queued_at: Date | null;
        assigned_at: Date | null;
        first_reply_at: Date | null;
        ended_at: Date | null;
      }> = await manager.query('SELECT * FROM handoff_sessions WHERE session_id = ANY($1)', [
        [...keys.sessionIds],
      ]);
      for (const r of rows)
        state.sessions.set(r.session_id, {
          sessionId: r.session_id,
          department: r.department,
          operatorId: r.operator_id,
          queuedAt: ms(r.queued_at),
          assignedAt: ms(r.assigned_at),
          firstReplyAt: ms(r.first_reply_at),
          endedAt: ms(r.ended_at),
        });
    }
    if (keys.channelMessageIds.size) {
      const rows: Array<{ channel_message_id: string; campaign_id: string }> = await manager.query(
        'SELECT channel_message_id, campaign_id FROM campaign_messages WHERE channel_message_id = ANY($1)',
        [[...keys.channelMessageIds]],
      );
      for (const r of rows) state.campaignOfMessage.set(r.channel_message_id, r.campaign_id);
    }
    if (keys.reportIds.size) {
      const rows: Array<{
        report_id: string;
        category: string;
        department: string;
        status: string;
        status_at: Date;
        placed_at: Date;
      }> = await manager.query('SELECT * FROM reports WHERE report_id = ANY($1)', [[...keys.reportIds]]);
      for (const r of rows)
        state.reports.set(r.report_id, {
          reportId: r.report_id,
          category: r.category,
          department: r.department,
          status: r.status,
          statusAt: new Date(r.status_at).getTime(),
          placedAt: new Date(r.placed_at).getTime(),
        });
    }
    return state;
  }

  async write(manager: EntityManager, changes: ProjectionChanges): Promise<void> {
    const counters = [...changes.counters, ...(await this.forgetTexts(manager, changes.forgets))];
    await this.addCounters(manager, counters);
    await this.writeCitizens(manager, changes.citizens);
    await this.writeSessions(manager, changes.sessions);
    await this.addHandoffPanel(manager, changes.handoffPanel);
    if (changes.operators.length)
      await manager.query(
        `INSERT INTO operators (operator_id, name) SELECT * FROM unnest($1::text[], $2::text[])
         ON CONFLICT (operator_id) DO UPDATE SET name = EXCLUDED.name`,
        [changes.operators.map((o) => o.operatorId), changes.operators.map((o) => o.name)],
      );
    await this.writeCampaigns(manager, changes);
    await this.writeReports(manager, changes);
    await this.writeDismissals(manager, changes.dismissals);
    if (changes.notUnderstood.length) {
      const rows = changes.notUnderstood;
      await manager.query(
        `INSERT INTO not_understood (event_id, position, citizen_id, hour, day, normalised)
         SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::timestamptz[], $5::date[], $6::text[]) ON CONFLICT DO NOTHING`,
        [
          rows.map((r) => r.eventId),
          rows.map((r) => r.position),
          rows.map((r) => r.citizenId),
          rows.map((r) => r.hour),
          rows.map((r) => r.day),
          rows.map((r) => r.normalised),
        ],
      );
    }
  }

  /** The latest dismissal of each text wins (a batch may hold two of the same text). */
  private async writeDismissals(
    manager: EntityManager,
    rows: ProjectionChanges['dismissals'],
  ): Promise<void> {
    if (!rows.length) return;
    const latest = new Map<string, (typeof rows)[number]>();
    for (const r of rows)
      if ((latest.get(r.normalised)?.position ?? -1) < r.position) latest.set(r.normalised, r);
    const kept = [...latest.values()];
    await manager.query(
      `INSERT INTO not_understood_dismissals (normalised, position, dismissed_at, topic)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::text[])
       ON CONFLICT (normalised) DO UPDATE SET position = EXCLUDED.position, dismissed_at = EXCLUDED.dismissed_at,
         topic = EXCLUDED.topic WHERE not_understood_dismissals.position < EXCLUDED.position`,
      [
        kept.map((r) => r.normalised),
        kept.map((r) => r.position),
        kept.map((r) => r.at),
        kept.map((r) => r.topic),
      ],
    );
  }

  /**
   * Erases the texts of citizens who asked to be forgotten, recorded before their request: the
   * not-understood rows (returned as counter decrements) and the texts and names in analytics' copy of
   * the events, so that no rebuild brings them back. One statement each for the whole batch.
   */
  private async forgetTexts(
    manager: EntityManager,
    forgets: ReadonlyArray<{ citizenId: string; position: number }>,
  ): Promise<CounterDelta[]> {
    if (!forgets.length) return [];
    const before = new Map<string, number>();
    for (const f of forgets) before.set(f.citizenId, Math.max(before.get(f.citizenId) ?? 0, f.position));
    const params = [[...before.keys()], [...before.values()]];
    const [rows]: [Array<{ hour: Date; day: string; normalised: string }>, number] = await manager.query(
      `DELETE FROM not_understood n USING unnest($1::text[], $2::bigint[]) AS f(citizen_id, position)
        WHERE n.citizen_id = f.citizen_id AND n.position < f.position
        RETURNING n.hour, to_char(n.day, 'YYYY-MM-DD') AS day, n.normalised`,
      params,
    );
    await manager.query(
      `UPDATE analytics_events e
          SET envelope = envelope #- '{data,text}' #- '{data,citizenName}' #- '{data,message,text}' #- '{data,citizen,name}'
         FROM unnest($1::text[], $2::bigint[]) AS f(citizen_id, position)
        WHERE e.citizen_id = f.citizen_id AND e.position < f.position`,
      params,
    );
    return rows.map((r) => ({
      figure: 'not-understood',
      hour: new Date(r.hour).toISOString(),
      day: r.day,
      dimensions: { question: r.normalised },
      n: -1,
      s: 0,
    }));
  }

  private async addCounters(manager: EntityManager, deltas: CounterDelta[]): Promise<void> {
    if (!deltas.length) return;
    const columns = deltas.map(storedDimensionsOf);
    for (const [table, bucket, keyOf] of [
      ['counts_hourly', 'hour', (d: CounterDelta) => d.hour],
      ['counts_daily', 'day', (d: CounterDelta) => d.day],
    ] as const) {
      // One row per key per statement: ON CONFLICT cannot touch the same row twice.
      const merged = new Map<string, StoredCounter>();
      deltas.forEach((d, i) => {
        const [k1, k2, k3] = columns[i];
        const start = keyOf(d);
        const key = `${d.figure}\u0000${start}\u0000${k1}\u0000${k2}\u0000${k3}`;
        const m = merged.get(key);
        if (m) {
          m.n += d.n;
          m.s += d.s;
        } else merged.set(key, { figure: d.figure, bucket: start, k1, k2, k3, n: d.n, s: d.s });
      });
      // A delta that cancels out writes nothing, and a counter brought back to zero goes: a rebuild,
      // which may never see the +1 and the -1, must find the same rows.
      const rows = [...merged.values()].filter((r) => r.n !== 0 || r.s !== 0);
      if (!rows.length) continue;
      await manager.query(
        `INSERT INTO ${table} (figure, ${bucket}, k1, k2, k3, n, s)
         SELECT * FROM unnest($1::text[], $2::${bucket === 'hour' ? 'timestamptz' : 'date'}[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::float8[])
         ON CONFLICT (figure, ${bucket}, k1, k2, k3) DO UPDATE SET n = ${table}.n + EXCLUDED.n, s = ${table}.s + EXCLUDED.s`,
        [
          rows.map((r) => r.figure),
          rows.map((r) => r.bucket),
          rows.map((r) => r.k1),
          rows.map((r) => r.k2),
          rows.map((r) => r.k3),
          rows.map((r) => r.n),
          rows.map((r) => r.s),
        ],
      );
      const lowered = rows.filter((r) => r.n < 0 || r.s < 0);
      if (lowered.length)
        await manager.query(
          `DELETE FROM ${table} t USING unnest($1::text[], $2::${bucket === 'hour' ? 'timestamptz' : 'date'}[], $3::text[], $4::text[], $5::text[]) AS k(figure, bucket, k1, k2, k3)
            WHERE t.figure = k.figure AND t.${bucket} = k.bucket AND t.k1 = k.k1 AND t.k2 = k.k2 AND t.k3 = k.k3 AND t.n = 0 AND t.s = 0`,
          [
            lowered.map((r) => r.figure),
            lowered.map((r) => r.bucket),
            lowered.map((r) => r.k1),
            lowered.map((r) => r.k2),
            lowered.map((r) => r.k3),
          ],
        );
    }
  }

  /** Adds the panel lines' changes to the hourly, daily and weekly panel tables, one statement each. */
  private async addHandoffPanel(manager: EntityManager, deltas: HandoffPanelDelta[]): Promise<void> {
    if (!deltas.length) return;
    const columns = HANDOFF_PANEL_MEASURES.map((m) => HANDOFF_PANEL_COLUMNS[m]);
    const types = HANDOFF_PANEL_MEASURES.map((m) => (HANDOFF_PANEL_SUMS.has(m) ? 'float8' : 'bigint'));
    for (const [table, bucket, type, keyOf] of [
      ['handoff_hourly', 'hour', 'timestamptz', (d: HandoffPanelDelta) => d.hour],
      ['handoff_daily', 'day', 'date', (d: HandoffPanelDelta) => d.day],
      ['handoff_weekly', 'week', 'date', (d: HandoffPanelDelta) => d.week],
    ] as const) {
      // One row per key per statement: ON CONFLICT cannot touch the same row twice.
      const merged = new Map<
        string,
        { start: string; department: string; operatorId: string } & HandoffPanelMeasures
      >();
      for (const d of deltas) {
        const start = keyOf(d);
        const key = `${start}\u0000${d.department}\u0000${d.operatorId}`;
        let row = merged.get(key);
        if (!row)
          merged.set(
            key,
            (row = { start, department: d.department, operatorId: d.operatorId, ...noHandoffMeasures() }),
          );
        for (const m of HANDOFF_PANEL_MEASURES) row[m] += d[m];
      }
      const rows = [...merged.values()];
      await manager.query(
        `INSERT INTO ${table} (${bucket}, department, operator_id, ${columns.join(', ')})
         SELECT * FROM unnest($1::${type}[], $2::text[], $3::text[], ${types.map((t, i) => `$${i + 4}::${t}[]`).join(', ')})
         ON CONFLICT (${bucket}, department, operator_id) DO UPDATE SET
           ${columns.map((c) => `${c} = ${table}.${c} + EXCLUDED.${c}`).join(', ')}`,
        [
          rows.map((r) => r.start),
          rows.map((r) => r.department),
          rows.map((r) => r.operatorId),
          ...HANDOFF_PANEL_MEASURES.map((m) => rows.map((r) => r[m])),
        ],
      );
    }
  }

  private async writeCitizens(manager: EntityManager, rows: CitizenState[]): Promise<void> {
    if (!rows.length) return;
    await manager.query(
      `INSERT INTO citizens (citizen_id, first_seen_at, subscribed, state_at, last_campaign_id, last_campaign_at)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::boolean[], $4::timestamptz[], $5::text[], $6::timestamptz[])
       ON CONFLICT (citizen_id) DO UPDATE SET first_seen_at = EXCLUDED.first_seen_at, subscribed = EXCLUDED.subscribed,
         state_at = EXCLUDED.state_at, last_campaign_id = EXCLUDED.last_campaign_id, last_campaign_at = EXCLUDED.last_campaign_at`,
      [
        rows.map((r) => r.citizenId),
        rows.map((r) => iso(r.firstSeenAt)),
        rows.map((r) => r.subscribed),
        rows.map((r) => iso(r.stateAt)),
        rows.map((r) => r.lastCampaignId),
        rows.map((r) => iso(r.lastCampaignAt)),
      ],
    );
  }

  private async writeSessions(manager: EntityManager, rows: SessionState[]): Promise<void> {
    if (!rows.length) return;
    await manager.query(
      `INSERT INTO handoff_sessions (session_id, department, operator_id, queued_at, assigned_at, first_reply_at, ended_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[])
       ON CONFLICT (session_id) DO UPDATE SET department = EXCLUDED.department, operator_id = EXCLUDED.operator_id, queued_at = EXCLUDED.queued_at,
         assigned_at = EXCLUDED.assigned_at, first_reply_at = EXCLUDED.first_reply_at, ended_at = EXCLUDED.ended_at`,
      [
        rows.map((r) => r.sessionId),
        rows.map((r) => r.department),
        rows.map((r) => r.operatorId),
        rows.map((r) => iso(r.queuedAt)),
        rows.map((r) => iso(r.assignedAt)),
        rows.map((r) => iso(r.firstReplyAt)),
        rows.map((r) => iso(r.endedAt)),
      ],
    );
  }

  private async writeCampaigns(manager: EntityManager, changes: CampaignRows): Promise<void> {
    const rows = changes.campaigns;
    if (rows.length) {
      const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
      await manager.query(
        `INSERT INTO campaigns (campaign_id, department, title, created_at, started_at, targeted, planned, sent, failed, delivered, seen, delivery_failed, unsubscribed_after)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[])
         ON CONFLICT (campaign_id) DO UPDATE SET
           department = COALESCE(EXCLUDED.department, campaigns.department),
           title = COALESCE(EXCLUDED.title, campaigns.title),
           created_at = COALESCE(EXCLUDED.created_at, campaigns.created_at),
           started_at = COALESCE(EXCLUDED.started_at, campaigns.started_at),
           targeted = campaigns.targeted + EXCLUDED.targeted, planned = campaigns.planned + EXCLUDED.planned,
           sent = campaigns.sent + EXCLUDED.sent, failed = campaigns.failed + EXCLUDED.failed,
           delivered = campaigns.delivered + EXCLUDED.delivered, seen = campaigns.seen + EXCLUDED.seen,
           delivery_failed = campaigns.delivery_failed + EXCLUDED.delivery_failed,
           unsubscribed_after = campaigns.unsubscribed_after + EXCLUDED.unsubscribed_after`,
        [
          col('campaignId'),
          col('department'),
          col('title'),
          rows.map((r) => iso(r.createdAt)),
          rows.map((r) => iso(r.startedAt)),
          col('targeted'),
          col('planned'),
          col('sent'),
          col('failed'),
          col('delivered'),
          col('seen'),
          col('deliveryFailed'),
          col('unsubscribedAfter'),
        ],
      );
    }
    const failures = changes.campaignFailures;
    if (failures.length)
      await manager.query(
        `INSERT INTO campaign_failures (campaign_id, reason, n) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
         ON CONFLICT (campaign_id, reason) DO UPDATE SET n = campaign_failures.n + EXCLUDED.n`,
        [failures.map((f) => f.campaignId), failures.map((f) => f.reason), failures.map((f) => f.n)],
      );
    const messages = changes.campaignMessages;
    if (messages.length)
      await manager.query(
        `INSERT INTO campaign_messages (channel_message_id, campaign_id) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
        [messages.map((m) => m.channelMessageId), messages.map((m) => m.campaignId)],
      );
  }

  private async writeReports(manager: EntityManager, changes: ReportRows): Promise<void> {
    const reports = changes.reports;
    if (reports.length)
      await manager.query(
        `INSERT INTO reports (report_id, category, department, status, status_at, placed_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[])
         ON CONFLICT (report_id) DO UPDATE SET category = EXCLUDED.category, department = EXCLUDED.department,
           status = EXCLUDED.status, status_at = EXCLUDED.status_at, placed_at = EXCLUDED.placed_at`,
        [
          reports.map((r) => r.reportId),
          reports.map((r) => r.category),
          reports.map((r) => r.department),
          reports.map((r) => r.status),
          reports.map((r) => iso(r.statusAt)),
          reports.map((r) => iso(r.placedAt)),
        ],
      );
    const deltas = changes.reportStatusDeltas.filter((d) => d.n !== 0);
    if (!deltas.length) return;
    await manager.query(
      `INSERT INTO report_status_counts (category, department, status, n)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
       ON CONFLICT (category, department, status) DO UPDATE SET n = report_status_counts.n + EXCLUDED.n`,
      [
        deltas.map((d) => d.category),
        deltas.map((d) => d.department),
        deltas.map((d) => d.status),
        deltas.map((d) => d.n),
      ],
    );
    // A status no report is in any more has no row, as a rebuild (which never sees the +1 and -1) leaves it.
    if (deltas.some((d) => d.n < 0)) await manager.query('DELETE FROM report_status_counts WHERE n = 0');
  }

  async truncateProjections(manager: EntityManager): Promise<void> {
    await manager.query(`TRUNCATE ${PROJECTION_TABLES.join(', ')}`);
  }
}
