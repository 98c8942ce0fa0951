import { Envelope, isKnownEventType, latestVersionOf, parseEnvelope } from '@citizen-desk/contracts';
import { CLEAR_TEXT, EnvelopeCipher, sealedFormOf } from '@citizen-desk/event-store';
import { DataSource, EntityManager } from 'typeorm';
import { MunicipalCalendar } from '../calendar/municipal-calendar';
import { AnalyticsEvent, citizenOf, keptCopyOf, PROJECTED_TYPES } from './analytics-event';
import { ProjectionFold, stateKeysOf } from './projection.fold';
import { ProjectionRepository } from './projection.repository';

/** Consumer name under which processed event ids are recorded. */
export const PROJECTIONS_CONSUMER = 'analytics-projections';
/**
 * Serialises every projection write (all replicas, and a rebuild): positions are then assigned in the
 * order events are folded, so replaying by position reproduces the live order exactly.
 */
export const PROJECTION_LOCK = 0x616e616c; // 'anal'

export type LiveOutcome = 'projected' | 'duplicate' | 'ignored';

/** What became of one event of a live batch: projected (or known to need nothing), or failed and to come again. */
export type LiveBatchOutcome = { ok: true; outcome: LiveOutcome } | { ok: false; error: unknown };

export interface RebuildResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

export class Projector {
  private readonly repo = new ProjectionRepository();

  constructor(
    private readonly dataSource: DataSource,
    readonly calendar: MunicipalCalendar,
    /** Opens the citizens' sealed fields of the kept copies on a rebuild (live events arrive opened). */
    private readonly cipher: EnvelopeCipher = CLEAR_TEXT,
    /** ANALYTICS_CITIZEN_RETENTION_DAYS: the fold forgets a citizen's row as the retention job does. */
    private readonly citizenRetentionDays = Infinity,
  ) {}

  /** Keeps a copy of the event and projects it, once per event id however often it is delivered. */
  async projectLive(received: Envelope): Promise<LiveOutcome> {
    const [outcome] = await this.projectLiveTogether([received]);
    return outcome;
  }

  /**
   * Keeps a copy of each event and projects them, in the order given, in one transaction: one statement
   * records the processed ids, one copies the events, the fold's state is loaded once for the batch and
   * its changes written once. Should the batch fail, each event is tried in a transaction of its own so
   * that one event that cannot be projected holds back only itself. Outcomes are in the batch's order.
   */
  async projectLiveBatch(received: readonly Envelope[]): Promise<LiveBatchOutcome[]> {
    try {
      return (await this.projectLiveTogether(received)).map((outcome) => ({ ok: true, outcome }));
    } catch (batchError) {
      if (received.length === 1) return [{ ok: false, error: batchError }];
      const outcomes: LiveBatchOutcome[] = [];
      for (const envelope of received) {
        try {
          outcomes.push({ ok: true, outcome: await this.projectLive(envelope) });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
      return outcomes;
    }
  }

  private async projectLiveTogether(received: readonly Envelope[]): Promise<LiveOutcome[]> {
    const outcomes: LiveOutcome[] = received.map((e) =>
      PROJECTED_TYPES.has(e.type) ? 'duplicate' : 'ignored',
    );
    // The first delivery of an id in the batch is the one projected. Ids are keyed as PostgreSQL
    // returns uuids (lower case), whatever case they were sent in.
    // The copy is kept as it was published, the citizen's fields sealed (forgetting them shreds it too);
    // the fold reads the opened event.
    const kept = new Map<string, { index: number; envelope: Envelope; stored: Envelope }>();
    received.forEach((e, index) => {
      const id = e.id.toLowerCase();
      if (outcomes[index] !== 'ignored' && !kept.has(id))
        kept.set(id, { index, envelope: keptCopyOf(e), stored: keptCopyOf(sealedFormOf(e)) });
    });
    if (!kept.size) return outcomes;
    await this.dataSource.transaction(async (manager) => {
      // Ids in a fixed order, so that two replicas' batches never wait on each other in a cycle.
      const ids = [...kept.keys()].sort();
      const fresh: Array<{ message_id: string }> = await manager.query(
        `INSERT INTO processed_messages (consumer, message_id) SELECT $1, id FROM unnest($2::uuid[]) AS id
         ON CONFLICT DO NOTHING RETURNING message_id`,
        [PROJECTIONS_CONSUMER, ids],
      );
      if (!fresh.length) return;
      const freshIds = new Set(fresh.map((r) => r.message_id));
      const freshKept = [...kept].filter(([id]) => freshIds.has(id)).map(([, k]) => k);
      const copies = freshKept.map((k) => k.envelope);
      const stored = freshKept.map((k) => k.stored);
      await manager.query('SELECT pg_advisory_xact_lock($1)', [PROJECTION_LOCK]);
      // Positions are given in the batch's order: the order the fold applies the events in.
      const inserted: Array<{ id: string; position: string }> = await manager.query(
        `INSERT INTO analytics_events (id, type, occurred_at, citizen_id, envelope)
         SELECT id, type, occurred_at, citizen_id, envelope
           FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::jsonb[]) WITH ORDINALITY
                AS e(id, type, occurred_at, citizen_id, envelope, n)
          ORDER BY n
         ON CONFLICT (id) DO NOTHING RETURNING id, position`,
        [
          copies.map((e) => e.id),
          copies.map((e) => e.type),
          copies.map((e) => e.occurredAt),
          copies.map(citizenOf),
          stored.map((e) => JSON.stringify(e)),
        ],
      );
      const positionOf = new Map(inserted.map((r) => [r.id, Number(r.position)]));
      const events: AnalyticsEvent[] = [];
      for (const e of copies) {
        const id = e.id.toLowerCase();
        const position = positionOf.get(id);
        if (position === undefined) continue;
        events.push({ position, id: e.id, type: e.type, occurredAt: e.occurredAt, data: e.data });
        outcomes[kept.get(id)!.index] = 'projected';
      }
      if (events.length) await this.projectBatch(manager, events);
    });
    return outcomes;
  }

  async projectBatch(manager: EntityManager, events: AnalyticsEvent[]): Promise<void> {
    const state = await this.repo.loadState(manager, stateKeysOf(events));
    const fold = new ProjectionFold(state, this.calendar, this.citizenRetentionDays).applyAll(events);
    await this.repo.write(manager, fold.changes());
  }

  /**
   * Empties every projection and replays analytics' copy of the events in position order, in chunks.
   * Live projection waits meanwhile (it needs the same lock) and resumes where it was.
   */
  async rebuild(
    opts: { chunkSize?: number; onProgress?: (done: number) => void } = {},
  ): Promise<RebuildResult> {
    const chunkSize = opts.chunkSize ?? 20_000;
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const started = process.hrtime.bigint();
    let events = 0;
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [PROJECTION_LOCK]);
      await this.repo.truncateProjections(runner.manager);
      let after = 0;
      for (;;) {
        const rows: Array<{ position: string; envelope: Envelope }> = await runner.query(
          'SELECT position, envelope FROM analytics_events WHERE position > $1 ORDER BY position LIMIT $2',
          [after, chunkSize],
        );
        if (!rows.length) break;
        // One key lookup per chunk (and keys cached across chunks).
        const opened = await this.cipher.open(rows.map((r) => r.envelope));
        const batch = rows
          .map((r, i) => toAnalyticsEvent(Number(r.position), opened[i]))
          .filter((e): e is AnalyticsEvent => e !== null);
        await runner.startTransaction();
        try {
          await this.projectBatch(runner.manager, batch);
          await runner.commitTransaction();
        } catch (e) {
          await runner.rollbackTransaction();
          throw e;
        }
        after = Number(rows[rows.length - 1].position);
        events += rows.length;
        opts.onProgress?.(events);
      }
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [PROJECTION_LOCK]).catch(() => undefined);
      await runner.release();
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { events, seconds, eventsPerSecond: seconds > 0 ? events / seconds : events };
  }
}

/** A stored envelope at the latest schema version (older ones are lifted by the contract's upcaster). */
export function toAnalyticsEvent(position: number, stored: Envelope): AnalyticsEvent | null {
  if (!isKnownEventType(stored.type)) return null;
  const envelope = stored.version === latestVersionOf(stored.type) ? stored : parseEnvelope(stored);
  return {
    position,
    id: envelope.id,
    type: envelope.type,
    occurredAt: envelope.occurredAt,
    data: envelope.data,
  };
}
