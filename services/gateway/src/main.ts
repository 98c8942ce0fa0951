import { gatewayEnvSchema, loadConfig } from '@citizen-desk/config';
import { exitOnSignals, failStartup } from '@citizen-desk/service-kit';
import { startGateway } from './gateway.app';

async function main() {
  const config = loadConfig(gatewayEnvSchema);
  const gateway = await startGateway(config);
  exitOnSignals(gateway, gateway.runtime.logger, config.SHUTDOWN_TIMEOUT_MS);
}

main().catch((e) => failStartup('gateway', e));
