import { LOCAL_SIMULATOR_TOKEN, loadConfig } from '@citizen-desk/config';
import { z } from 'zod';
import { startSimulator } from './simulator-server';

const simulatorEnvSchema = z.object({
  SIMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(3010),
  SIMULATOR_API_PORT: z.coerce.number().int().min(0).max(65535).default(3011),
  VIBER_AUTH_TOKEN: z.string().min(1).default(LOCAL_SIMULATOR_TOKEN),
  GATEWAY_WEBHOOK_URL: z.string().url().default('http://127.0.0.1:3000/viber/webhook'),
});

async function main(): Promise<void> {
  const env = loadConfig(simulatorEnvSchema);
  const simulator = await startSimulator({
    port: env.SIMULATOR_PORT,
    apiPort: env.SIMULATOR_API_PORT,
    authToken: env.VIBER_AUTH_TOKEN,
    gatewayWebhookUrl: env.GATEWAY_WEBHOOK_URL,
    log: (line) => console.warn(`[viber-simulator] ${line}`),
  });
  console.log(`Viber simulator: chat with the bot at ${simulator.url}`);
  console.log(`Fake Viber API for the gateway (VIBER_API_URL): ${simulator.apiUrl}`);
  const shutdown = () => {
    simulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
