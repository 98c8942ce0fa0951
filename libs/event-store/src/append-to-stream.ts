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
  // With a known expected version the check and the insert are one statement (one round trip on the
  // hot path); 'any' needs the stream's end first to number the events.
  const current = expected ?? (await currentStreamVersion(manager, streamId));
  if (events.length === 0) {
    if (expected !== undefined) {
      const actual = await currentStreamVersion(manager, streamId);
      if (actual !== expected) throw new ConcurrencyError(streamId, expectedVersion, actual);
    }
    return { nextVersion: current };
  }

  const params: unknown[] = [streamId, current];
  const values = events.map((event, i) => {
    if (event.streamId !== streamId) {
      throw new Error(`event ${event.id} belongs to stream ${event.streamId}, not ${streamId}`);
    }
    const metadata = {
      correlationId: event.correlationId,
      causationId: event.causationId,
      trace: event.trace ?? {},
      ...(event.sealed ? { sealed: event.sealed } : {}),
    };
    params.push(
      event.id,
      current + i + 1,
      event.type,
      event.version,
      JSON.stringify(event.data ?? null),
      JSON.stringify(metadata),
      event.occurredAt,
    );
    const n = params.length;
    return `($${n - 6}::uuid, $1::text, $${n - 5}::int, $${n - 4}::text, $${n - 3}::int, $${n - 2}::jsonb, $${n - 1}::jsonb, $${n}::timestamptz)`;
  });
  let inserted: unknown[];
  try {
    inserted = await manager.query(
      `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at)
       SELECT * FROM (VALUES ${values.join(', ')}) AS appended
        WHERE (SELECT coalesce(max(stream_version), 0) FROM events WHERE stream_id = $1) = $2::int
       RETURNING stream_version`,
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
  if (inserted.length !== events.length) {
    throw new ConcurrencyError(streamId, expectedVersion, await currentStreamVersion(manager, streamId));
  }
  return { nextVersion: current + events.length };
}
