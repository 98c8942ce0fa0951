import { testDatabaseUrl, testNamespace } from '../../testing/src/test-env';
import { Client } from 'pg';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { createServiceDataSource } from './data-source';
import { dropSchemas } from './event-store.test-support';

const ns = testNamespace();
const schema = `${ns}_store`;
const newDatabase = `${ns}_db`;
const opened: DataSource[] = [];

class CreateGreetings1800000000000 implements MigrationInterface {
  name = 'CreateGreetings1800000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE greetings (id serial PRIMARY KEY, text text NOT NULL)');
    // Slow enough that concurrent starts would overlap if the advisory lock did not serialise them.
    await q.query("SELECT pg_sleep(0.2); INSERT INTO greetings (text) VALUES ('migrated')");
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE greetings');
  }
}

afterAll(async () => {
  await Promise.all(opened.filter((d) => d.isInitialized).map((d) => d.destroy()));
  await dropSchemas(schema);
  const admin = new Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${newDatabase}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
});

describe('createServiceDataSource', () => {
  it('runs every migration once when several replicas start at the same time', async () => {
    const sources = await Promise.all(
      Array.from({ length: 4 }, () =>
        createServiceDataSource({
          url: testDatabaseUrl(),
          schema,
          poolSize: 2,
          migrations: [CreateGreetings1800000000000],
        }),
      ),
    );
    opened.push(...sources);
    const migrations: Array<{ name: string }> = await sources[0].query(
      `SELECT name FROM "${schema}".migrations ORDER BY id`,
    );
    expect(migrations.map((m) => m.name)).toEqual([
      'EventStoreTables1700000000000',
      'CreateGreetings1800000000000',
    ]);
    const greetings = await sources[0].query(`SELECT text FROM "${schema}".greetings`);
    expect(greetings).toEqual([{ text: 'migrated' }]);
    const tables: Array<{ table_name: string }> = await sources[0].query(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      [schema],
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      'events',
      'greetings',
      'migrations',
      'outbox',
      'processed_messages',
    ]);
  });

  it('puts the service schema on the search path, so SQL needs no schema names', async () => {
    const source = await createServiceDataSource({ url: testDatabaseUrl(), schema, poolSize: 1 });
    opened.push(source);
    await source.query(
      "INSERT INTO processed_messages (consumer, message_id) VALUES ('c', gen_random_uuid())",
    );
    const [{ n }] = await source.query(`SELECT count(*)::int AS n FROM "${schema}".processed_messages`);
    expect(n).toBe(1);
    expect((await source.query('SHOW search_path'))[0].search_path).toBe(schema);
  });

  it('creates the database when asked to', async () => {
    const url = new URL(testDatabaseUrl());
    url.pathname = `/${newDatabase}`;
    const sources = await Promise.all(
      [1, 2, 3].map(() =>
        createServiceDataSource({ url: url.toString(), schema: 'svc', createDatabase: true }),
      ),
    );
    opened.push(...sources);
    const [{ current_database }] = await sources[0].query('SELECT current_database()');
    expect(current_database).toBe(newDatabase);
    await Promise.all(sources.map((s) => s.destroy()));
  });

  it('says clearly when PostgreSQL is not running and how to start it', async () => {
    const attempt = createServiceDataSource({
      url: 'postgres://postgres@127.0.0.1:1/nowhere',
      schema: 'svc',
    });
    await expect(attempt).rejects.toThrow(
      /PostgreSQL is not reachable at 127\.0\.0\.1:1 .*docker compose up -d postgres/,
    );
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(
      createServiceDataSource({ url: testDatabaseUrl(), schema: 'x"; DROP TABLE y' }),
    ).rejects.toThrow(/invalid schema name/);
  });
});
