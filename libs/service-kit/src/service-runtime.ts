import { DataSource, MigrationInterface } from 'typeorm';
import { assertProductionSecrets, assertRetention, CommonConfig } from '@citizen-desk/config';
import { AnyEvent } from '@citizen-desk/contracts';
import { createServiceDataSource, EventStore, OutboxRelay } from '@citizen-desk/event-store';
import {
  BatchHandler,
  connectMessaging,
  Delivery,
  Messaging,
  RunningBatchConsumer,
} from '@citizen-desk/messaging';
import {
  createLogger,
  enableDefaultMetrics,
  histogram,
  initTracing,
  Logger,
  shutdownTracing,
} from '@citizen-desk/observability';
import { EventBatchHandling, handleEventBatch } from './event-batches';
import { shutdownDeadline } from './graceful-shutdown';
import { processedMessagesRule, RetentionJob } from './retention';
import { registerRuntimeGauges, unregisterRuntimeGauges } from './runtime-gauges';

export interface RuntimeOptions {
  service: string;
  config: CommonConfig;
  migrations?: Array<new () => MigrationInterface>;
  logger?: Logger;
}

interface BatchTuning {
  /** Most messages per batch (default 100). */
  batchSize?: number;
  /** Batches in flight per replica (default 2); two never share a key. */
  concurrency?: number;
  maxDeliver?: number;
  ackWaitMs?: number;
  backoffMs?: (deliveryCount: number) => number;
}

export interface ConsumeBatchesOptions extends BatchTuning {
  /** Durable name below the namespace; replicas that share it share the work. */
  durable: string;
  /** Subject pattern below the namespace, e.g. `citizen.>`. */
  subjects: string;
  handler: BatchHandler;
  /** What must be handled in the order sent (default: the envelope's stream, e.g. one citizen). */
  keyOf?: (delivery: Delivery) => string;
}

export interface ConsumeEventsOptions<P> extends BatchTuning, Omit<EventBatchHandling<P>, 'consumer'> {
  /** Durable name below the namespace, and the name its processed ids are kept under. */
  durable: string;
  subjects: string;
  keyOf?: (event: AnyEvent) => string;
}

const batchSeconds = histogram('message_batch_seconds', 'Time to handle one batch of messages', ['consumer']);
const batchSizes = histogram(
  'message_batch_size',
  'Messages per batch',
  ['consumer'],
  [1, 2, 5, 10, 20, 50, 100, 200],
);

/**
 * What every service has: configuration, a logger, its PostgreSQL schema with the event store and
 * outbox relay, and the JetStream connection. Owns the order of start-up and shutdown.
 */
export class ServiceRuntime {
  private readonly consumers: RunningBatchConsumer[] = [];
  /** Durable names (with namespace) of this runtime's consumers, for the consumer-lag gauge. */
  readonly durables: string[] = [];
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
    /** Deletes data past its retention, hourly; services add their own kinds (`retention.add`). */
    readonly retention: RetentionJob,
  ) {}

  static schemaFor(service: string, namespace: string): string {
    return `${namespace}_${service.replace(/-/g, '_')}`;
  }

  static async start(opts: RuntimeOptions): Promise<ServiceRuntime> {
    const { config, service } = opts;
    assertProductionSecrets(service, config);
    assertRetention(config);
    initTracing({
      serviceName: service,
      namespace: config.OTEL_SERVICE_NAMESPACE,
      otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
      sampleRatio: config.OTEL_TRACES_SAMPLER_ARG,
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
    const runtime = new ServiceRuntime(
      service,
      config,
      logger,
      schema,
      dataSource,
      messaging,
      eventStore,
      relay,
      new RetentionJob({
        dataSource,
        schema,
        rules: [processedMessagesRule(config.PROCESSED_MESSAGES_RETENTION_DAYS)],
        intervalMs: config.RETENTION_INTERVAL_MS,
        logger,
      }),
    );
    runtime.retention.start();
    registerRuntimeGauges(runtime);
    return runtime;
  }

  /**
   * Starts a durable consumer whose typed handlers run in batches: one transaction per batch, each
   * event's effect at most once, a failing event rolled back alone, acks after the commit, and one
   * key's (by default one stream's, e.g. one citizen's) events in the order sent.
   */
  async consumeEvents<P = undefined>(opts: ConsumeEventsOptions<P>): Promise<RunningBatchConsumer> {
    const { keyOf } = opts;
    const handling: EventBatchHandling<P> = {
      consumer: opts.durable,
      on: opts.on,
      prepare: opts.prepare,
      idempotentEffects: opts.idempotentEffects,
    };
    return this.consumeBatches({
      ...opts,
      keyOf: keyOf ? (d) => keyOf(d.envelope as AnyEvent) : undefined,
      handler: (batch) => handleEventBatch(this.eventStore, this.logger, handling, batch),
    });
  }

  /** Starts a durable consumer that hands its messages over in batches, for handlers that manage their own transaction. */
  async consumeBatches(opts: ConsumeBatchesOptions): Promise<RunningBatchConsumer> {
    const ns = this.config.NATS_NAMESPACE;
    this.durables.push(`${ns}-${opts.durable}`);
    const consumer = await this.messaging.consumeBatches({
      durable: `${ns}-${opts.durable}`,
      filterSubject: `${ns}.${opts.subjects}`,
      batchSize: opts.batchSize,
      concurrency: opts.concurrency,
      keyOf: opts.keyOf,
      maxDeliver: opts.maxDeliver,
      ackWaitMs: opts.ackWaitMs,
      backoffMs: opts.backoffMs,
      handler: async (batch) => {
        const end = batchSeconds.startTimer({ consumer: opts.durable });
        batchSizes.observe({ consumer: opts.durable }, batch.length);
        try {
          return await opts.handler(batch);
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

  /**
   * Drains consumers (in-flight work finishes), flushes the outbox, closes connections, then exports
   * the spans still buffered (the shutdown's own included), all within SHUTDOWN_TIMEOUT_MS: the trace
   * flush gets what is left of it.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    // From the signal when there was one: the HTTP server and the service's own loops closed before.
    const deadline = Math.min(Date.now() + this.config.SHUTDOWN_TIMEOUT_MS, shutdownDeadline() ?? Infinity);
    unregisterRuntimeGauges(this);
    await Promise.allSettled(this.consumers.map((c) => c.stop()));
    await this.retention.stop();
    await this.relay.stop().catch((e) => this.logger.warn({ err: e }, 'outbox relay stop failed'));
    await this.messaging.close().catch(() => undefined);
    await this.dataSource.destroy().catch(() => undefined);
    const flushed = await shutdownTracing(Math.max(100, deadline - Date.now() - 250));
    if (!flushed) this.logger.warn('traces not flushed before the shutdown deadline');
    this.logger.info(`${this.service} runtime stopped`);
  }
}
