import { createServiceDataSource } from '@citizen-desk/event-store';
import { cleanupNamespace, testDatabaseUrl, testNamespace } from '@citizen-desk/testing';
import { DataSource } from 'typeorm';
import { broadcastMigrations } from './index';

/**
 * The broadcast schema of a fresh test namespace in the real PostgreSQL, migrated, for the repository
 * and retention tests: `open` in `beforeAll`, `close` in `afterAll` (drops the namespace).
 */
export function broadcastTestSchema(options: { poolSize?: number } = {}) {
  const ns = testNamespace();
  let dataSource: DataSource | undefined;
  return {
    async open(): Promise<DataSource> {
      dataSource = await createServiceDataSource({
        url: testDatabaseUrl(),
        schema: `${ns}_broadcast`,
        ...options,
        migrations: broadcastMigrations,
        createDatabase: false,
      });
      return dataSource;
    },
    async close(): Promise<void> {
      await dataSource?.destroy();
      await cleanupNamespace(ns);
    },
  };
}
