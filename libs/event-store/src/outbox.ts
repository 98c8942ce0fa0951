import { Envelope, isKnownEventType, subjectOf, validateData } from '@citizen-desk/contracts';
import { EntityManager } from 'typeorm';
import { outboxChannelOf } from './schema-name';

export interface OutboxRow {
  messageId: string;
  subject: string;
  envelope: Envelope;
}

/**
 * The subject an envelope is published on. Only known contract types may leave a service, with data
 * that fits the contract, so that nothing is published that consumers would reject.
 */
export function outboxRowOf(namespace: string, envelope: Envelope, validate = true): OutboxRow {
  if (!isKnownEventType(envelope.type)) {
    throw new Error(`cannot publish ${envelope.type}: not a contract type (append it with publish: false)`);
  }
  // Sealed envelopes were validated in clear before sealing (their data is then the erased view).
  if (validate) validateData(envelope.type, envelope.data);
  return { messageId: envelope.id, subject: `${namespace}.${subjectOf(envelope.type)}`, envelope };
}

/**
 * Inserts rows into the outbox within the caller's transaction and wakes the relay: NOTIFY is delivered
 * on commit, and not at all if the transaction rolls back. An envelope already in the outbox
 * (same id) is kept once.
 */
export async function insertIntoOutbox(
  manager: EntityManager,
  schema: string,
  rows: OutboxRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const params: unknown[] = [];
  const values = rows.map((row) => {
    params.push(row.messageId, row.subject, JSON.stringify(row.envelope));
    const n = params.length;
    return `($${n - 2}, $${n - 1}, $${n}::jsonb)`;
  });
  params.push(outboxChannelOf(schema));
  // One round trip for both: every statement costs a socket write and a wait, on the hot path of every
  // message. The data-modifying CTE always runs; the SELECT runs pg_notify once.
  await manager.query(
    `WITH inserted AS (
       INSERT INTO outbox (message_id, subject, envelope) VALUES ${values.join(', ')} ON CONFLICT (message_id) DO NOTHING
     )
     SELECT pg_notify($${params.length}, '')`,
    params,
  );
}
