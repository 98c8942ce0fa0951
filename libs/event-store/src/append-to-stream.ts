import { Envelope } from '@citizen-desk/contracts';
import { EntityManager } from 'typeorm';
import {
  ConcurrencyError,
  DuplicateEventError,
  ExpectedVersion,
  expectedLastVersion,
} from './concurrency-error';
import { pgErrorOf, UNIQUE_VIOLATION } from './postgres-error';

export async function currentStreamVersion(manager: EntityManager, streamId: string): Promise<number> {
  const rows: Array<{ version: number }> = await manager.query(
    'SELECT coalesce(max(stream_version), 0)::int AS version FROM events WHERE stream_id = $1',
    [streamId],
  );
  return rows[0].version;
}

/**
 * Appends events to a stream within the caller's transaction. The version check gives a clear answer
 * when the caller read an old state; the UNIQUE(stream_id, stream_version) constraint decides the race
 * between two appends that both passed the check (the loser's transaction is aborted).
 */
export async function appendToStream(
  manager: EntityManager,
  streamId: string,
  expectedVersion: ExpectedVersion,
  events: Envelope[],
): Promise<{ nextVersion: number }> {
  const expected = expectedLastVersion(expectedVersion);
  const current = await currentStreamVersion(manager, streamId);
  if (expected !== undefined && current !== expected)
    throw new ConcurrencyError(streamId, expectedVersion, current);
  if (events.length === 0) return { nextVersion: current };

  const params: unknown[] = [];
  const values = events.map((event, i) => {
    if (event.streamId !== streamId) {
      throw new Error(`event ${event.id} belongs to stream ${event.streamId}, not ${streamId}`);
    }
    const metadata = {
      correlationId: event.correlationId,
      causationId: event.causationId,
      trace: event.trace ?? {},
    };
    params.push(
      event.id,
      streamId,
      current + i + 1,
      event.type,
      event.version,
      JSON.stringify(event.data ?? null),
      JSON.stringify(metadata),
      event.occurredAt,
    );
    const n = params.length;
    return `($${n - 7}, $${n - 6}, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}::jsonb, $${n - 1}::jsonb, $${n})`;
  });
  try {
    await manager.query(
      `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at)
       VALUES ${values.join(', ')}`,
      params,
    );
  } catch (e) {
    const { code, constraint } = pgErrorOf(e);
    if (code === UNIQUE_VIOLATION && constraint === 'events_stream_version_unique') {
      throw new ConcurrencyError(streamId, expectedVersion, undefined);
    }
    if (code === UNIQUE_VIOLATION && constraint === 'events_event_id_key')
      throw new DuplicateEventError(streamId);
    throw e;
  }
  return { nextVersion: current + events.length };
}
