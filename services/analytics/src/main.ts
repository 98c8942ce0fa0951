import { analyticsEnvSchema, loadConfig } from '@citizen-desk/config';
import { exitOnSignals, failStartup } from '@citizen-desk/service-kit';
import { startAnalytics } from './analytics.app';

async function main() {
  const config = loadConfig(analyticsEnvSchema);
  const analytics = await startAnalytics(config);
  exitOnSignals(analytics, analytics.runtime.logger, config.SHUTDOWN_TIMEOUT_MS);
}

main().catch((e) => failStartup('analytics', e));
