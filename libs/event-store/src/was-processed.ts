import { EntityManager } from 'typeorm';

/**
 * Whether processOnce already recorded (consumer, messageId): lets a consumer skip a costly step before
 * processOnce, e.g. a call to Viber for a redelivered command whose outcome is already recorded.
 */
export async function wasProcessed(
  manager: EntityManager,
  consumer: string,
  messageId: string,
): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    'SELECT 1 FROM processed_messages WHERE consumer = $1 AND message_id = $2',
    [consumer, messageId],
  );
  return rows.length > 0;
}
