import { Envelope, makeEnvelope } from '@citizen-desk/contracts';
import { testDatabaseUrl } from '../../testing/src/test-env';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createServiceDataSource } from './data-source';

/** A published contract event with a small payload; `n` tells test events apart. */
export function unsubscribed(streamId: string, n: number): Envelope {
  return makeEnvelope({
    type: 'CitizenUnsubscribed',
    version: 1,
    streamId,
    data: { citizenId: `viber:${n}`, at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString() },
  });
}

/** An internal (non-contract) event that stays in the stream. */
export function counted(streamId: string, by: number): Envelope<{ by: number }> {
  return makeEnvelope({ type: 'Counted', version: 1, streamId, data: { by } });
}

export function openStore(schema: string, poolSize = 20): Promise<DataSource> {
  return createServiceDataSource({ url: testDatabaseUrl(), schema, poolSize });
}

export async function dropSchemas(...schemas: string[]): Promise<void> {
  const client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

export async function outboxOf(
  dataSource: DataSource,
): Promise<Array<{ subject: string; message_id: string; envelope: Envelope }>> {
  return dataSource.query('SELECT subject, message_id, envelope FROM outbox ORDER BY id');
}
