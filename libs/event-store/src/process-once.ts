import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs `effect` at most once per (consumer, messageId): the processed id and the effect commit in the
 * same transaction, so a redelivered message finds its id and has no second effect. A concurrent
 * delivery of the same id waits on the row lock and then sees 'duplicate'; if the effect throws,
 * nothing is recorded and the next delivery tries again.
 */
export async function processOnce(
  dataSource: DataSource,
  consumer: string,
  messageId: string,
  effect: (manager: EntityManager) => Promise<void>,
): Promise<'processed' | 'duplicate'> {
  return dataSource.transaction(async (manager) => {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO processed_messages (consumer, message_id) VALUES ($1, $2)
       ON CONFLICT DO NOTHING RETURNING message_id`,
      [consumer, messageId],
    );
    if (inserted.length === 0) return 'duplicate';
    await effect(manager);
    return 'processed';
  });
}
