import { EntityManager } from 'typeorm';

/**
 * Removes every recorded event of a stream, for erasure (a citizen asked to be forgotten): the history
 * goes, not only its current state. Whatever was already published stays published; the outbox is not
 * touched. Returns how many events were deleted.
 */
export async function deleteStream(manager: EntityManager, streamId: string): Promise<number> {
  const [, deleted]: [unknown, number] = await manager.query('DELETE FROM events WHERE stream_id = $1', [
    streamId,
  ]);
  return deleted;
}
