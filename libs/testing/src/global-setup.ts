import { Client } from 'pg';

/**
 * Runs once before the integration tests: checks that PostgreSQL is reachable and creates the test
 * database. Each test file then works in schemas and NATS namespaces of its own (see test-env.ts).
 */
export default async function globalSetup(): Promise<void> {
  const url = new URL(
    process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/citizen_desk_test',
  );
  const dbName = url.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  try {
    await client.connect();
  } catch (e) {
    throw new Error(
      `Integration tests need PostgreSQL at ${admin.host} (${(e as Error).message}). Start it, e.g. 'docker compose up -d postgres nats'.`,
    );
  }
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${dbName}"`).catch((e: { code?: string }) => {
        if (e.code !== '42P04' && e.code !== '23505') throw e; // created meanwhile by a parallel run
      });
    }
  } finally {
    await client.end();
  }
  process.env.TEST_DATABASE_URL = url.toString();
}
