import { handoffEnvSchema, loadConfig } from '@citizen-desk/config';
import { exitOnSignals, failStartup } from '@citizen-desk/service-kit';
import { startHandoff } from './handoff.app';

async function main() {
  const config = loadConfig(handoffEnvSchema);
  const service = await startHandoff(config);
  exitOnSignals(service, service.runtime.logger, config.SHUTDOWN_TIMEOUT_MS);
}

main().catch((e) => failStartup('handoff', e));
