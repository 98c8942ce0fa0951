import { BroadcastConfig } from '@citizen-desk/config';
import { createHttpApp, listeningUrl, ServiceRuntime } from '@citizen-desk/service-kit';
import { NestFastifyApplication } from '@nestjs/platform-fastify';

export interface Broadcast {
  runtime: ServiceRuntime;
  app: NestFastifyApplication;
  url: string;
  stop(): Promise<void>;
}

/** Subscribers, audiences and campaigns. So far: connected, healthy and observable. */
export async function startBroadcast(config: BroadcastConfig): Promise<Broadcast> {
  const runtime = await ServiceRuntime.start({ service: 'broadcast', config });
  const app = await createHttpApp({
    runtime,
    controllers: [],
    port: config.BROADCAST_PORT,
    host: config.HOST,
    openApi: { title: 'Citizen Desk broadcast', description: 'Subscribers, audiences and campaigns' },
  });
  const url = listeningUrl(app, config.BROADCAST_PORT);
  return {
    runtime,
    app,
    url,
    async stop() {
      await app.close();
      await runtime.stop();
    },
  };
}
