import { Client } from 'pg';
import { DataSource, MigrationInterface } from 'typeorm';
import {
  clientConfigOf,
  databaseNameOf,
  describeServer,
  searchPathOption,
  withDatabase,
} from './connection-config';
import { eventStoreMigrations } from './migrations';
import { DUPLICATE_DATABASE, isConnectionFailure, pgErrorOf, UNIQUE_VIOLATION } from './postgres-error';
import { assertSchemaName, migrationLockKeyOf } from './schema-name';

export interface ServiceDataSourceOptions {
  url: string;
  /** The service's own schema; every table of the service lives there. */
  schema: string;
  poolSize?: number;
  migrations?: Array<new () => MigrationInterface>;
  /** Create the database itself when missing (local runs); production databases are provisioned. */
  createDatabase?: boolean;
  applicationName?: string;
}

export class PostgresUnreachableError extends Error {
  constructor(url: string, cause: unknown) {
    super(
      `PostgreSQL is not reachable at ${describeServer(url)} (${(cause as Error)?.message ?? String(cause)}). ` +
        `Start it with 'docker compose up -d postgres' (or point DATABASE_URL at a running server).`,
    );
    this.name = 'PostgresUnreachableError';
  }
}

async function connectClient(url: string, client: Client): Promise<void> {
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    if (isConnectionFailure(e)) throw new PostgresUnreachableError(url, e);
    throw e;
  }
}

async function ensureDatabase(url: string): Promise<void> {
  const database = databaseNameOf(url);
  const admin = new Client({
    connectionString: withDatabase(url, 'postgres'),
    connectionTimeoutMillis: 10_000,
  });
  await connectClient(url, admin);
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`).catch((e: unknown) => {
        // Another replica created it meanwhile: 42P04, or 23505 when both passed the catalog check at once.
        const { code } = pgErrorOf(e);
        if (code !== DUPLICATE_DATABASE && code !== UNIQUE_VIOLATION) throw e;
      });
    }
  } finally {
    await admin.end();
  }
}

/**
 * The DataSource of one service: its own schema first on the search_path, the event-store tables
 * and the service's migrations applied. Replicas starting together serialise on an advisory lock,
 * so each migration runs exactly once.
 */
export async function createServiceDataSource(opts: ServiceDataSourceOptions): Promise<DataSource> {
  const schema = assertSchemaName(opts.schema);
  if (opts.createDatabase) await ensureDatabase(opts.url);

  const dataSource = new DataSource({
    type: 'postgres',
    url: opts.url,
    schema,
    applicationName: opts.applicationName,
    extra: { max: opts.poolSize ?? 10, options: searchPathOption(schema), connectionTimeoutMillis: 10_000 },
    synchronize: false,
    migrationsRun: false,
    migrations: [...eventStoreMigrations, ...(opts.migrations ?? [])],
    migrationsTableName: 'migrations',
    logging: false,
  });

  // A connection outside the pool holds the lock, so a pool of size 1 still has a connection for the migrations.
  const lockClient = new Client(clientConfigOf(dataSource, 'public', opts.applicationName));
  await connectClient(opts.url, lockClient);
  try {
    await lockClient.query('SELECT pg_advisory_lock(hashtext($1))', [migrationLockKeyOf(schema)]);
    await lockClient.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    try {
      await dataSource.initialize();
    } catch (e) {
      if (isConnectionFailure(e)) throw new PostgresUnreachableError(opts.url, e);
      throw e;
    }
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } catch (e) {
      await dataSource.destroy().catch(() => undefined);
      throw e;
    }
  } finally {
    // Ending the session releases the lock even if the unlock is never reached.
    await lockClient.end().catch(() => undefined);
  }
  return dataSource;
}
