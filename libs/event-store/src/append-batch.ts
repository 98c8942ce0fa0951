import { Envelope } from '@citizen-desk/contracts';
import { EntityManager } from 'typeorm';
import {
  ConcurrencyError,
  DuplicateEventError,
  ExpectedVersion,
  expectedLastVersion,
} from './concurrency-error';
import { OutboxRow } from './outbox';
import { pgErrorOf, UNIQUE_VIOLATION } from './postgres-error';

export interface PendingAppend {
  streamId: string;
  expectedVersion: ExpectedVersion;
  events: Envelope[];
}

interface NumberedEvent {
  event: Envelope;
  streamVersion: number;
}

/**
 * Numbers the events of several appends: per stream, the first append's expected version is the
 * version the database must have, and each later append to that stream follows the one before it.
 * Streams appended with 'any' take their current version from `currentOf`.
 */
export function numberAppends(
  appends: readonly PendingAppend[],
  currentOf: ReadonlyMap<string, number>,
): { checks: Map<string, number>; numbered: NumberedEvent[] } {
  const checks = new Map<string, number>();
  const next = new Map<string, number>();
  const numbered: NumberedEvent[] = [];
  for (const { streamId, expectedVersion, events } of appends) {
    const expected = expectedLastVersion(expectedVersion);
    let at = next.get(streamId);
    if (at === undefined) {
      at = expected ?? currentOf.get(streamId) ?? 0;
      checks.set(streamId, at);
    } else if (expected !== undefined && expected !== at) {
      throw new ConcurrencyError(streamId, expectedVersion, at);
    }
    for (const event of events) {
      if (event.streamId !== streamId)
        throw new Error(`event ${event.id} belongs to stream ${event.streamId}, not ${streamId}`);
      at += 1;
      numbered.push({ event, streamVersion: at });
    }
    next.set(streamId, at);
  }
  return { checks, numbered };
}

async function currentVersions(manager: EntityManager, streamIds: string[]): Promise<Map<string, number>> {
  if (streamIds.length === 0) return new Map();
  const rows: Array<{ stream_id: string; version: number }> = await manager.query(
    `SELECT stream_id, max(stream_version)::int AS version FROM events
      WHERE stream_id = ANY($1::text[]) GROUP BY stream_id`,
    [streamIds],
  );
  return new Map(rows.map((r) => [r.stream_id, r.version]));
}

/**
 * Appends to several streams and fills the outbox in one statement, keeping optimistic concurrency
 * per stream: if any stream is not at its expected version nothing is written and ConcurrencyError
 * names that stream. Arrays rather than one parameter per value keep the statement's text the same
 * whatever the batch, so PostgreSQL parses one shape.
 */
export async function appendBatch(
  manager: EntityManager,
  appends: readonly PendingAppend[],
  outboxRows: readonly OutboxRow[],
  notifyChannel: string,
): Promise<void> {
  const anyStreams = [...new Set(appends.filter((a) => a.expectedVersion === 'any').map((a) => a.streamId))];
  const { checks, numbered } = numberAppends(appends, await currentVersions(manager, anyStreams));
  if (numbered.length === 0 && outboxRows.length === 0 && checks.size === 0) return;
  const params = [
    [...checks.keys()],
    [...checks.values()],
    numbered.map((n) => n.event.id),
    numbered.map((n) => n.event.streamId),
    numbered.map((n) => n.streamVersion),
    numbered.map((n) => n.event.type),
    numbered.map((n) => n.event.version),
    numbered.map((n) => JSON.stringify(n.event.data ?? null)),
    numbered.map((n) => JSON.stringify(metadataOf(n.event))),
    numbered.map((n) => n.event.occurredAt),
    outboxRows.map((r) => r.messageId),
    outboxRows.map((r) => r.subject),
    outboxRows.map((r) => JSON.stringify(r.envelope)),
    notifyChannel,
  ];
  let result: Array<{ conflicts: string[] }>;
  try {
    result = await manager.query(APPEND_BATCH_SQL(outboxRows.length > 0), params);
  } catch (e) {
    const { code, constraint } = pgErrorOf(e);
    if (code === UNIQUE_VIOLATION && constraint === 'events_stream_version_unique')
      throw new ConcurrencyError([...checks.keys()].join(', '), 'any', undefined);
    if (code === UNIQUE_VIOLATION && constraint === 'events_event_id_key')
      throw new DuplicateEventError([...checks.keys()].join(', '));
    throw e;
  }
  const conflicts = result[0]?.conflicts ?? [];
  if (conflicts.length > 0) {
    const streamId = conflicts[0];
    const actual = (await currentVersions(manager, [streamId])).get(streamId) ?? 0;
    throw new ConcurrencyError(streamId, checks.get(streamId) ?? 'any', actual);
  }
}

function metadataOf(event: Envelope): object {
  return {
    correlationId: event.correlationId,
    causationId: event.causationId,
    trace: event.trace ?? {},
    ...(event.sealed ? { sealed: event.sealed } : {}),
  };
}

// The checks read the snapshot before the inserts; a concurrent append that wins the race still
// trips the UNIQUE(stream_id, stream_version) constraint.
const APPEND_BATCH_SQL = (notify: boolean) => `
  WITH expected AS (
    SELECT * FROM unnest($1::text[], $2::int[]) AS x(stream_id, version)
  ), conflicts AS (
    SELECT x.stream_id FROM expected x
     WHERE (SELECT coalesce(max(e.stream_version), 0) FROM events e WHERE e.stream_id = x.stream_id) <> x.version
  ), appended AS (
    INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at)
    SELECT * FROM unnest($3::uuid[], $4::text[], $5::int[], $6::text[], $7::int[], $8::jsonb[], $9::jsonb[], $10::timestamptz[])
     WHERE NOT EXISTS (SELECT 1 FROM conflicts)
    RETURNING 1
  ), outboxed AS (
    INSERT INTO outbox (message_id, subject, envelope)
    SELECT * FROM unnest($11::uuid[], $12::text[], $13::jsonb[])
     WHERE NOT EXISTS (SELECT 1 FROM conflicts)
    ON CONFLICT (message_id) DO NOTHING
  )
  SELECT ARRAY(SELECT stream_id FROM conflicts) AS conflicts,
         ${notify ? `(SELECT pg_notify($14, '') WHERE NOT EXISTS (SELECT 1 FROM conflicts))` : '$14::text'} AS notified`;
