import { analyticsEnvSchema, loadConfig } from '@citizen-desk/config';
import {
  CitizenDataCipher,
  CitizenKeys,
  citizenKeysSchemaOf,
  createServiceDataSource,
} from '@citizen-desk/event-store';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { MunicipalCalendar } from '../calendar/municipal-calendar';
import { analyticsMigrations } from '../migrations';
import { Projector } from '../projections/projector';

/**
 * `npm run analytics:rebuild`: empties every projection and replays analytics' own copy of the events.
 * Safe while the service runs: live projection waits for the rebuild and then goes on.
 */
async function main() {
  const config = loadConfig(analyticsEnvSchema);
  const dataSource = await createServiceDataSource({
    url: config.DATABASE_URL,
    schema: ServiceRuntime.schemaFor('analytics', config.NATS_NAMESPACE),
    poolSize: 2,
    migrations: analyticsMigrations,
    createDatabase: config.DATABASE_CREATE,
    applicationName: 'analytics-rebuild',
  });
  // The copies are sealed: the rebuild opens them with the citizens' keys (forgotten ones read erased).
  const keys = new CitizenKeys(dataSource, citizenKeysSchemaOf(config.NATS_NAMESPACE));
  try {
    const cipher = new CitizenDataCipher(keys);
    const projector = new Projector(
      dataSource,
      new MunicipalCalendar(config.ANALYTICS_TIME_ZONE),
      cipher,
      config.ANALYTICS_CITIZEN_RETENTION_DAYS,
    );
    const result = await projector.rebuild({
      chunkSize: config.ANALYTICS_REBUILD_CHUNK,
      onProgress: (n) => process.stdout.write(`\rprojected ${n} events`),
    });
    process.stdout.write(
      `\nrebuilt every projection from ${result.events} events in ${result.seconds.toFixed(1)} s (${Math.round(result.eventsPerSecond)} events/s)\n`,
    );
  } finally {
    await keys.close();
    await dataSource.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
