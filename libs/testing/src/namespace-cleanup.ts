import { connect } from 'nats';
import { Client } from 'pg';
import { testDatabaseUrl, testNatsUrl } from './test-env';

/** Drops what a test namespace left behind: its schemas, its stream and its KV buckets. */
export async function cleanupNamespace(namespace: string): Promise<void> {
  const pg = new Client({ connectionString: testDatabaseUrl() });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`,
      [`${namespace}\\_%`],
    );
    for (const r of rows) await pg.query(`DROP SCHEMA IF EXISTS "${r.nspname}" CASCADE`);
  } finally {
    await pg.end();
  }
  const nc = await connect({ servers: testNatsUrl() });
  try {
    const jsm = await nc.jetstreamManager();
    for await (const s of jsm.streams.list()) {
      const name = s.config.name;
      if (
        name === `${namespace.toUpperCase()}_EVENTS` ||
        name === `${namespace.toUpperCase()}_DEAD_LETTERS` ||
        name.startsWith(`KV_${namespace}-`)
      )
        await jsm.streams.delete(name);
    }
  } finally {
    await nc.close();
  }
}
