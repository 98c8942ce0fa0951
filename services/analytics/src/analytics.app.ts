import { AnalyticsConfig } from '@citizen-desk/config';
import { CitizenMessageReceived } from '@citizen-desk/contracts';
import { processOnce } from '@citizen-desk/event-store';
import { createHttpApp, listeningUrl, ServiceRuntime } from '@citizen-desk/service-kit';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { hourBucket } from './messages/hour-bucket';
import { MessagesController } from './messages/messages.controller';
import { MessagesPerHourRepository } from './messages/messages-per-hour.repository';
import { analyticsMigrations } from './migrations';

export interface Analytics {
  runtime: ServiceRuntime;
  app: NestFastifyApplication;
  url: string;
  stop(): Promise<void>;
}

const MESSAGES_PROJECTION = 'analytics-messages';

/** Read-only projections over the platform's events; the first counts citizen messages per hour. */
export async function startAnalytics(config: AnalyticsConfig): Promise<Analytics> {
  const runtime = await ServiceRuntime.start({ service: 'analytics', config, migrations: analyticsMigrations });
  const repo = new MessagesPerHourRepository(runtime.dataSource);
  const consumer = await runtime.consume({
    durable: MESSAGES_PROJECTION,
    subjects: 'citizen.message-received',
    handler: async (envelope) => {
      const data = envelope.data as CitizenMessageReceived;
      // Processed ids make a redelivered event count once.
      await processOnce(runtime.dataSource, MESSAGES_PROJECTION, envelope.id, (manager) => repo.increment(manager, hourBucket(data.sentAt)));
    },
  });
  const app = await createHttpApp({
    runtime,
    controllers: [MessagesController],
    providers: [{ provide: MessagesPerHourRepository, useValue: repo }],
    port: config.ANALYTICS_PORT,
    host: config.HOST,
    openApi: { title: 'Citizen Desk analytics', description: 'Figures for officials' },
  });
  const url = listeningUrl(app, config.ANALYTICS_PORT);
  return {
    runtime,
    app,
    url,
    async stop() {
      await app.close();
      await consumer.stop();
      await runtime.stop();
    },
  };
}
