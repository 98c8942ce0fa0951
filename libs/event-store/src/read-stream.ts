import { Envelope } from '@citizen-desk/contracts';
import { EntityManager } from 'typeorm';

/** An envelope as recorded: its place in its stream and in the whole store. */
export type StoredEvent = Envelope & { streamVersion: number; position: number };

export interface ReadStreamResult {
  /** The stream's last version (0 for an empty stream); pass it as expectedVersion to the next append. */
  version: number;
  events: StoredEvent[];
}

interface EventRow {
  position: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: {
    correlationId: string;
    causationId: string | null;
    trace?: Envelope['trace'];
    /** The citizen's personal fields, encrypted: EventStore.readStream opens them. */
    sealed?: Envelope['sealed'];
  };
  occurred_at: Date;
}

export function storedEventOf(row: EventRow): StoredEvent {
  return {
    id: row.event_id,
    type: row.type,
    version: row.schema_version,
    streamId: row.stream_id,
    occurredAt: row.occurred_at.toISOString(),
    correlationId: row.metadata.correlationId,
    causationId: row.metadata.causationId,
    trace: row.metadata.trace ?? {},
    data: row.data,
    ...(row.metadata.sealed ? { sealed: row.metadata.sealed } : {}),
    streamVersion: row.stream_version,
    position: Number(row.position),
  };
}

/**
 * Reads a stream in version order, from `fromVersion` (default 1). Events come back at the schema
 * version they were recorded with; a reader that knows older versions lifts them itself.
 */
export async function readStream(
  manager: EntityManager,
  streamId: string,
  fromVersion = 1,
): Promise<ReadStreamResult> {
  const rows: EventRow[] = await manager.query(
    `SELECT position, event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at
       FROM events WHERE stream_id = $1 AND stream_version >= $2 ORDER BY stream_version`,
    [streamId, fromVersion],
  );
  const events = rows.map(storedEventOf);
  if (events.length > 0) return { version: events[events.length - 1].streamVersion, events };
  if (fromVersion <= 1) return { version: 0, events };
  const last: Array<{ version: number }> = await manager.query(
    'SELECT coalesce(max(stream_version), 0)::int AS version FROM events WHERE stream_id = $1',
    [streamId],
  );
  return { version: last[0].version, events };
}

export function foldStream<S>(
  events: Envelope[],
  evolve: (state: S, event: Envelope) => S,
  initial: () => S,
): S {
  return events.reduce(evolve, initial());
}
