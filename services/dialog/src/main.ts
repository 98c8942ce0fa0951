import { dialogEnvSchema, loadConfig } from '@citizen-desk/config';
import { exitOnSignals, failStartup } from '@citizen-desk/service-kit';
import { startDialog } from './dialog.app';

async function main() {
  const config = loadConfig(dialogEnvSchema);
  const dialog = await startDialog(config);
  exitOnSignals(dialog, dialog.runtime.logger, config.SHUTDOWN_TIMEOUT_MS);
}

main().catch((e) => failStartup('dialog', e));
