import { ClientConfig } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { assertSchemaName } from './schema-name';

/** `options` is a libpq startup parameter: every connection starts with the service's schema first. */
export function searchPathOption(schema: string): string {
  return `-c search_path=${assertSchemaName(schema)}`;
}

/** Host and port for error messages, without credentials. */
export function describeServer(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}`;
  } catch {
    return 'the configured address';
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';
}

/** A config for a dedicated pg client (relay, locks) that reaches the same database and schema as the DataSource. */
export function clientConfigOf(
  dataSource: DataSource,
  schema: string,
  applicationName?: string,
): ClientConfig {
  const o = dataSource.options as PostgresConnectionOptions;
  const base: ClientConfig = o.url
    ? { connectionString: o.url }
    : {
        host: o.host,
        port: o.port,
        user: o.username,
        password: typeof o.password === 'string' ? o.password : undefined,
        database: o.database,
      };
  return {
    ...base,
    options: searchPathOption(schema),
    application_name: applicationName ?? o.applicationName,
    connectionTimeoutMillis: 10_000,
  };
}

export function schemaOf(dataSource: DataSource): string {
  const schema = (dataSource.options as PostgresConnectionOptions).schema;
  if (!schema) throw new Error('the DataSource has no schema; create it with createServiceDataSource');
  return assertSchemaName(schema);
}
