import { EntityManager } from 'typeorm';

/** Which of these ids processBatch/processOnce already recorded for the consumer: one query for a batch. */
export async function processedAmong(
  manager: EntityManager,
  consumer: string,
  messageIds: readonly string[],
): Promise<Set<string>> {
  if (messageIds.length === 0) return new Set();
  const rows: Array<{ message_id: string }> = await manager.query(
    'SELECT message_id FROM processed_messages WHERE consumer = $1 AND message_id = ANY($2::uuid[])',
    [consumer, [...messageIds]],
  );
  return new Set(rows.map((r) => r.message_id));
}
