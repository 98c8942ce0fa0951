import { EntityManager } from 'typeorm';
import { ReadStreamResult, storedEventOf } from './read-stream';

/**
 * Reads several whole streams in one query, e.g. every conversation a batch of messages touches.
 * A stream with no events comes back empty at version 0.
 */
export async function readStreams(
  manager: EntityManager,
  streamIds: readonly string[],
): Promise<Map<string, ReadStreamResult>> {
  const unique = [...new Set(streamIds)];
  const result = new Map<string, ReadStreamResult>(unique.map((id) => [id, { version: 0, events: [] }]));
  if (unique.length === 0) return result;
  const rows = await manager.query(
    `SELECT position, event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at
       FROM events WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, stream_version`,
    [unique],
  );
  for (const row of rows) {
    const stream = result.get(row.stream_id)!;
    const event = storedEventOf(row);
    stream.events.push(event);
    stream.version = event.streamVersion;
  }
  return result;
}
