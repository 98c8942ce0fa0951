import { DataSource, MigrationInterface } from 'typeorm';
import { StaffTokenVerifier } from '@citizen-desk/auth';
import { assertProductionSecrets, assertRetention, CommonConfig } from '@citizen-desk/config';
import { AnyEvent } from '@citizen-desk/contracts';
import {
  CitizenDataCipher,
  CitizenKeys,
  citizenKeysMigration,
  citizenPseudonymsMigration,
  citizenKeysSchemaOf,
  createServiceDataSource,
  EventStore,
  OutboxRelay,
} from '@citizen-desk/event-store';
import {
  BatchHandler,
  cappedBackoff,
  connectMessaging,
  Delivery,
  keysShreddedSubjectOf,
  Messaging,
  PipelinedPublisher,
  RunningBatchConsumer,
} from '@citizen-desk/messaging';
import {
  counter,
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
  /** Non-transient failures before the dead-letter stream (default CONSUMER_MAX_FAILURES). */
  maxFailures?: number;
  /** @deprecated deliveries are unlimited; taken as `maxFailures` for this consumer. */
  maxDeliver?: number;
  ackWaitMs?: number;
  /** Default: CONSUMER_RETRY_BASE_MS doubling per delivery, at most CONSUMER_RETRY_MAX_MS. */
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
const deadLettered = counter(
  'dead_letters_total',
  'Messages a consumer moved to its dead-letter stream (failed too often, or broken)',
  ['consumer'],
);
const parked = counter(
  'parked_messages_total',
  'Messages a consumer parked: an event type or version it does not know yet',
  ['consumer'],
);
const batchSizes = histogram(
  'message_batch_size',
  'Messages per batch',
  ['consumer'],
  [1, 2, 5, 10, 20, 50, 100, 200],
);

/**
 * A key shredded by one process is dropped from every other's cache at once: core NATS, outside the
 * events stream's subjects (nothing to keep, and only random key ids travel). A process that misses
 * the message trusts its cached key for the cache's time-to-live at most.
 */
function shareKeyShredding(messaging: Messaging, keys: CitizenKeys, logger: Logger): void {
  const subject = keysShreddedSubjectOf(messaging.namespace);
  messaging.nc.subscribe(subject, {
    callback: (err, msg) => {
      if (err) return;
      try {
        keys.evictKeys(msg.json<string[]>());
      } catch (e) {
        logger.warn({ err: e }, 'unreadable key-shredded notice');
      }
    },
  });
  keys.onShredded((kids) => messaging.nc.publish(subject, JSON.stringify(kids)));
}

/**
 * What every service has: configuration, a logger, its PostgreSQL schema with the event store and
 * outbox relay, and the JetStream connection. Owns the order of start-up and shutdown.
 */
export class ServiceRuntime {
  private readonly consumers: RunningBatchConsumer[] = [];
  /** Durable names (with namespace) of this runtime's consumers, for the consumer-lag gauge. */
  readonly durables: string[] = [];
  private stopping = false;
  private staffTokens?: Promise<StaffTokenVerifier>;

  private constructor(
    readonly service: string,
    readonly config: CommonConfig,
    readonly logger: Logger,
    readonly schema: string,
    readonly dataSource: DataSource,
    readonly messaging: Messaging,
    readonly eventStore: EventStore,
    private readonly relay: OutboxRelay,
    private readonly relayPublisher: PipelinedPublisher,
    /** The citizens' data keys (crypto-shredding); `citizenKeys.shred` forgets a citizen everywhere. */
    readonly citizenKeys: CitizenKeys,
    readonly cipher: CitizenDataCipher,
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
      migrations: [
        citizenKeysMigration(citizenKeysSchemaOf(config.NATS_NAMESPACE)),
        citizenPseudonymsMigration(citizenKeysSchemaOf(config.NATS_NAMESPACE)),
        ...(opts.migrations ?? []),
      ],
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
    const citizenKeys = new CitizenKeys(dataSource, citizenKeysSchemaOf(config.NATS_NAMESPACE), {
      onConnectionError: (e) => logger.warn({ err: e }, 'citizen keys: a database connection broke'),
    });
    const cipher = new CitizenDataCipher(citizenKeys);
    shareKeyShredding(messaging, citizenKeys, logger);
    const eventStore = new EventStore(dataSource, { namespace: config.NATS_NAMESPACE, cipher });
    // The relay publishes a batch of rows at once: pipelined, they leave in one write and in order, with
    // no request object per message; each row is still deleted only once JetStream has stored it.
    const relayPublisher = new PipelinedPublisher(messaging);
    const relay = new OutboxRelay({
      dataSource,
      schema,
      logger,
      publish: async (subject, envelope) => void (await relayPublisher.publish(envelope, subject)),
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
      relayPublisher,
      citizenKeys,
      cipher,
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
      maxFailures: opts.maxFailures ?? opts.maxDeliver ?? this.config.CONSUMER_MAX_FAILURES,
      ackWaitMs: opts.ackWaitMs,
      backoffMs:
        opts.backoffMs ??
        cappedBackoff(this.config.CONSUMER_RETRY_BASE_MS, this.config.CONSUMER_RETRY_MAX_MS),
      onDeadLetter: (kind) => (kind === 'dead' ? deadLettered : parked).inc({ consumer: opts.durable }),
      handler: async (batch) => {
        const end = batchSeconds.startTimer({ consumer: opts.durable });
        batchSizes.observe({ consumer: opts.durable }, batch.length);
        try {
          return await opts.handler(await this.opened(batch));
        } finally {
          end();
        }
      },
    });
    this.consumers.push(consumer);
    return consumer;
  }

  /** A staff token verifier for the admin routes of a service that opened none itself; closed on stop. */
  staffTokenVerifier(): Promise<StaffTokenVerifier> {
    this.staffTokens ??= StaffTokenVerifier.open(this.messaging, this.logger);
    return this.staffTokens;
  }

  /**
   * The batch with its citizens' personal fields decrypted (one key lookup), so handlers read events
   * as they were written; a field whose key was shredded reads as erased. A forget request seen here
   * also drops that citizen's key from this process's cache.
   */
  private async opened(batch: Delivery[]): Promise<Delivery[]> {
    const forgotten = batch.flatMap((d) =>
      d.envelope.type === 'CitizenForgetRequested'
        ? [(d.envelope.data as { citizenId: string }).citizenId]
        : [],
    );
    if (forgotten.length > 0) this.citizenKeys.evictCitizens(forgotten);
    if (!batch.some((d) => d.envelope.sealed)) return batch;
    const envelopes = await this.cipher.open(batch.map((d) => d.envelope));
    return batch.map((d, i) => ({ ...d, envelope: envelopes[i] }));
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
   * Drains consumers (in-flight batches finish and are acked; what was fetched but not started goes
   * back), publishes the whole outbox (batch after batch until it is empty), closes connections, then
   * exports the spans still buffered (the shutdown's own included), all within SHUTDOWN_TIMEOUT_MS:
   * the outbox may use it up to the last second, the trace flush gets what is left.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    // From the signal when there was one: the HTTP server and the service's own loops closed before.
    const deadline = Math.min(Date.now() + this.config.SHUTDOWN_TIMEOUT_MS, shutdownDeadline() ?? Infinity);
    unregisterRuntimeGauges(this);
    await Promise.allSettled(this.consumers.map((c) => c.stop()));
    (await this.staffTokens?.catch(() => undefined))?.stop();
    await this.retention.stop();
    // A second kept for closing the connections and flushing the traces.
    await this.relay
      .stop({ drainUntil: deadline - 1_000 })
      .catch((e) => this.logger.warn({ err: e }, 'outbox relay stop failed'));
    await this.relayPublisher.close();
    await this.messaging.close().catch(() => undefined);
    await this.dataSource.destroy().catch(() => undefined);
    await this.citizenKeys.close().catch(() => undefined);
    const flushed = await shutdownTracing(Math.max(100, deadline - Date.now() - 250));
    if (!flushed) this.logger.warn('traces not flushed before the shutdown deadline');
    this.logger.info(`${this.service} runtime stopped`);
  }
}
