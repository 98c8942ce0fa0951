import { broadcastEnvSchema, loadConfig } from '@citizen-desk/config';
import { exitOnSignals, failStartup } from '@citizen-desk/service-kit';
import { startBroadcast } from './broadcast.app';

async function main() {
  const config = loadConfig(broadcastEnvSchema);
  const service = await startBroadcast(config);
  exitOnSignals(service, service.runtime.logger, config.SHUTDOWN_TIMEOUT_MS);
}

main().catch((e) => failStartup('broadcast', e));
