import { staffAuthProviders, StaffTokenVerifier } from '@citizen-desk/auth';
import { AnalyticsConfig } from '@citizen-desk/config';
import { createHttpApp, listeningUrl, ServiceRuntime } from '@citizen-desk/service-kit';
import { Delivery, DeliveryOutcome } from '@citizen-desk/messaging';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MunicipalCalendar } from './calendar/municipal-calendar';
import { AnalyticsController } from './http/analytics.controller';
import { DashboardController, STAFF_WEB_PUBLIC_URL } from './http/dashboard.controller';
import { analyticsMigrations } from './migrations';
import { Projector } from './projections/projector';
import { analyticsCitizensRule, questionTextsRule } from './retention/analytics-retention';
import { FiguresRepository } from './queries/figures.repository';
import { FiguresService } from './queries/figures.service';

export interface Analytics {
  runtime: ServiceRuntime;
  app: NestFastifyApplication;
  url: string;
  projector: Projector;
  stop(): Promise<void>;
}

/** One durable consumer over every subject: the projections need events from every service, in one order. */
const PROJECTIONS_DURABLE = 'analytics-projections';
/** Most events folded in one transaction: a quiet stream is projected an event at a time, a busy one in batches. */
const PROJECTIONS_BATCH_SIZE = 500;

/** Read-only projections over the platform's events, the figures API for officials and their dashboard. */
export async function startAnalytics(config: AnalyticsConfig): Promise<Analytics> {
  const calendar = new MunicipalCalendar(config.ANALYTICS_TIME_ZONE);
  const runtime = await ServiceRuntime.start({
    service: 'analytics',
    config,
    migrations: analyticsMigrations,
  });
  const projector = new Projector(
    runtime.dataSource,
    calendar,
    runtime.cipher,
    config.ANALYTICS_CITIZEN_RETENTION_DAYS,
  );
  runtime.retention.add(questionTextsRule(config.QUESTION_TEXT_RETENTION_DAYS, config.ANALYTICS_TIME_ZONE));
  runtime.retention.add(analyticsCitizensRule(config.ANALYTICS_CITIZEN_RETENTION_DAYS));
  let consumer: { stop(): Promise<void> } | undefined;
  let app: NestFastifyApplication | undefined;
  let staffTokens: StaffTokenVerifier | undefined;
  try {
    staffTokens = await StaffTokenVerifier.open(runtime.messaging, runtime.logger);
    // Batches, one at a time and in stream order (one key for every event): projection writes are
    // serialised by a lock anyway (see Projector), and the fold needs one order over every subject.
    consumer = await runtime.consumeBatches({
      durable: PROJECTIONS_DURABLE,
      subjects: '>',
      batchSize: PROJECTIONS_BATCH_SIZE,
      concurrency: 1,
      keyOf: () => PROJECTIONS_DURABLE,
      handler: async (batch: Delivery[]): Promise<DeliveryOutcome[]> =>
        (await projector.projectLiveBatch(batch.map((d) => d.envelope))).map((o) =>
          o.ok ? { ok: true } : { ok: false, error: o.error },
        ),
    });
    const figures = new FiguresService(
      new FiguresRepository(runtime.dataSource, calendar.timeZone, (envelopes) =>
        runtime.cipher.open(envelopes),
      ),
      calendar,
    );
    app = await createHttpApp({
      runtime,
      controllers: [AnalyticsController, DashboardController],
      providers: [
        { provide: FiguresService, useValue: figures },
        { provide: MunicipalCalendar, useValue: calendar },
        { provide: STAFF_WEB_PUBLIC_URL, useValue: config.STAFF_WEB_PUBLIC_URL },
        ...staffAuthProviders(staffTokens),
      ],
      port: config.ANALYTICS_PORT,
      host: config.HOST,
      openApi: {
        title: 'Citizen Desk analytics',
        description: 'Figures for officials (role official), as JSON or CSV',
      },
    });
  } catch (e) {
    staffTokens?.stop();
    await consumer?.stop();
    await runtime.stop();
    throw e;
  }
  const url = listeningUrl(app, config.ANALYTICS_PORT);
  const started = app;
  return {
    runtime,
    app,
    url,
    projector,
    async stop() {
      await started.close();
      staffTokens?.stop();
      await runtime.stop();
    },
  };
}
