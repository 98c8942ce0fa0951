import { DataSource, MigrationInterface } from 'typeorm';
import { assertProductionSecrets, CommonConfig } from '@citizen-desk/config';
import { Envelope, EventType } from '@citizen-desk/contracts';
import { createServiceDataSource, EventStore, OutboxRelay } from '@citizen-desk/event-store';
import { connectMessaging, Messaging, RunningConsumer } from '@citizen-desk/messaging';
import {
  counter,
  createLogger,
  enableDefaultMetrics,
  histogram,
  initTracing,
  Logger,
  SpanKind,
  withSpan,
} from '@citizen-desk/observability';

export interface RuntimeOptions {
  service: string;
  config: CommonConfig;
  migrations?: Array<new () => MigrationInterface>;
  logger?: Logger;
}

export interface ConsumeOptions {
  /** Durable name below the namespace; replicas that share it share the work. */
  durable: string;
  /** Subject pattern below the namespace, e.g. `citizen.>`. */
  subjects: string;
  handler: (envelope: Envelope & { type: EventType }, meta: { deliveryCount: number }) => Promise<void>;
  concurrency?: number;
  maxDeliver?: number;
  ackWaitMs?: number;
  backoffMs?: (deliveryCount: number) => number;
}

const handled = counter('messages_handled_total', 'Messages handled by a consumer', [
  'consumer',
  'type',
  'outcome',
]);
const handleSeconds = histogram('message_handle_seconds', 'Time to handle one message', ['consumer']);

/**
 * What every service has: configuration, a logger, its PostgreSQL schema with the event store and
 * outbox relay, and the JetStream connection. Owns the order of start-up and shutdown.
 */
export class ServiceRuntime {
  private readonly consumers: RunningConsumer[] = [];
  private stopping = false;

  private constructor(
    readonly service: string,
    readonly config: CommonConfig,
    readonly logger: Logger,
    readonly schema: string,
    readonly dataSource: DataSource,
    readonly messaging: Messaging,
    readonly eventStore: EventStore,
    private readonly relay: OutboxRelay,
  ) {}

  static schemaFor(service: string, namespace: string): string {
    return `${namespace}_${service.replace(/-/g, '_')}`;
  }

  static async start(opts: RuntimeOptions): Promise<ServiceRuntime> {
    const { config, service } = opts;
    assertProductionSecrets(service, config);
    initTracing({
      serviceName: service,
      namespace: config.OTEL_SERVICE_NAMESPACE,
      otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
    });
    enableDefaultMetrics(service);
    const logger = opts.logger ?? createLogger(service, config.LOG_LEVEL);
    const schema = ServiceRuntime.schemaFor(service, config.NATS_NAMESPACE);
    const dataSource = await createServiceDataSource({
      url: config.DATABASE_URL,
      schema,
      poolSize: config.DATABASE_POOL_SIZE,
      migrations: opts.migrations,
      createDatabase: config.DATABASE_CREATE,
      applicationName: service,
    });
    let messaging: Messaging;
    try {
      messaging = await connectMessaging({
        url: config.NATS_URL,
        namespace: config.NATS_NAMESPACE,
        name: service,
        user: config.NATS_USER,
        pass: config.NATS_PASSWORD,
        duplicateWindowSeconds: config.NATS_DUPLICATE_WINDOW_SECONDS,
        maxAgeDays: config.NATS_STREAM_MAX_AGE_DAYS,
        replicas: config.NATS_REPLICAS,
        logger,
      });
      await messaging.ensureStream();
    } catch (e) {
      await dataSource.destroy();
      throw e;
    }
    const eventStore = new EventStore(dataSource, { namespace: config.NATS_NAMESPACE });
    const relay = new OutboxRelay({
      dataSource,
      schema,
      logger,
      publish: async (subject, envelope) => void (await messaging.publish(envelope, subject)),
    });
    await relay.start();
    logger.info({ schema, namespace: config.NATS_NAMESPACE }, `${service} runtime started`);
    return new ServiceRuntime(service, config, logger, schema, dataSource, messaging, eventStore, relay);
  }

  /** Starts a durable consumer whose handler runs inside a span continuing the message's trace. */
  async consume(opts: ConsumeOptions): Promise<RunningConsumer> {
    const ns = this.config.NATS_NAMESPACE;
    const consumer = await this.messaging.consume({
      durable: `${ns}-${opts.durable}`,
      filterSubject: `${ns}.${opts.subjects}`,
      concurrency: opts.concurrency,
      maxDeliver: opts.maxDeliver,
      ackWaitMs: opts.ackWaitMs,
      backoffMs: opts.backoffMs,
      handler: async (envelope, meta) => {
        const end = handleSeconds.startTimer({ consumer: opts.durable });
        try {
          await withSpan(
            `${opts.durable} ${envelope.type}`,
            {
              parent: envelope.trace,
              kind: SpanKind.CONSUMER,
              attributes: { 'messaging.message.id': envelope.id, 'citizen_desk.event_type': envelope.type },
            },
            () => opts.handler(envelope, meta),
          );
          handled.inc({ consumer: opts.durable, type: envelope.type, outcome: 'ok' });
        } catch (e) {
          // The consumer logs the failure and schedules the redelivery; here it is only counted.
          handled.inc({ consumer: opts.durable, type: envelope.type, outcome: 'error' });
          throw e;
        } finally {
          end();
        }
      },
    });
    this.consumers.push(consumer);
    return consumer;
  }

  async readiness(): Promise<{ database: boolean; broker: boolean }> {
    const database = await this.dataSource
      .query('SELECT 1')
      .then(() => true)
      .catch(() => false);
    return { database, broker: this.messaging.isHealthy() };
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Drains consumers (in-flight work finishes), flushes the outbox, then closes connections. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await Promise.allSettled(this.consumers.map((c) => c.stop()));
    await this.relay.stop().catch((e) => this.logger.warn({ err: e }, 'outbox relay stop failed'));
    await this.messaging.close().catch(() => undefined);
    await this.dataSource.destroy().catch(() => undefined);
    this.logger.info(`${this.service} runtime stopped`);
  }
}
