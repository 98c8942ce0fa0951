import { EntityManager } from 'typeorm';

/**
 * Removes top-level fields from the recorded data of one event type in the given streams, for erasure:
 * when the record must stay (a report is the municipality's) but its link to a person must go, and a
 * rebuild must not bring it back. Returns how many events were changed.
 */
export async function eraseEventFields(
  manager: EntityManager,
  streamIds: readonly string[],
  eventType: string,
  fields: readonly string[],
): Promise<number> {
  if (streamIds.length === 0 || fields.length === 0) return 0;
  const [, changed]: [unknown, number] = await manager.query(
    `UPDATE events SET data = data - $3::text[]
     WHERE stream_id = ANY($1::text[]) AND type = $2 AND data ?| $3::text[]`,
    [streamIds, eventType, fields],
  );
  return changed;
}
