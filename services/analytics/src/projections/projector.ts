import { Envelope, isKnownEventType, latestVersionOf, parseEnvelope } from '@citizen-desk/contracts';
import { processOnce } from '@citizen-desk/event-store';
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
const PROJECTION_LOCK = 0x616e616c; // 'anal'

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
  ) {}

  /** Keeps a copy of the event and projects it, once per event id however often it is delivered. */
  async projectLive(received: Envelope): Promise<'projected' | 'duplicate' | 'ignored'> {
    if (!PROJECTED_TYPES.has(received.type)) return 'ignored';
    const envelope = keptCopyOf(received);
    let outcome: 'projected' | 'duplicate' = 'duplicate';
    await processOnce(this.dataSource, PROJECTIONS_CONSUMER, envelope.id, async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [PROJECTION_LOCK]);
      const inserted: Array<{ position: string }> = await manager.query(
        `INSERT INTO analytics_events (id, type, occurred_at, citizen_id, envelope) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO NOTHING RETURNING position`,
        [envelope.id, envelope.type, envelope.occurredAt, citizenOf(envelope), JSON.stringify(envelope)],
      );
      if (!inserted.length) return;
      await this.projectBatch(manager, [
        {
          position: Number(inserted[0].position),
          id: envelope.id,
          type: envelope.type,
          occurredAt: envelope.occurredAt,
          data: envelope.data,
        },
      ]);
      outcome = 'projected';
    });
    return outcome;
  }

  async projectBatch(manager: EntityManager, events: AnalyticsEvent[]): Promise<void> {
    const state = await this.repo.loadState(manager, stateKeysOf(events));
    const fold = new ProjectionFold(state, this.calendar).applyAll(events);
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
        const batch = rows
          .map((r) => toAnalyticsEvent(Number(r.position), r.envelope))
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
