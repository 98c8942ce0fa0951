import { Envelope, EventType, isKnownEventType, subjectOf } from '@citizen-desk/contracts';
import {
  AckPolicy,
  connect,
  Consumer,
  DeliverPolicy,
  headers as natsHeaders,
  JetStreamClient,
  JetStreamManager,
  KV,
  KvOptions,
  nanos,
  NatsConnection,
} from 'nats';
import { DeadLetterKind, DeadLetterStore, deadLetterStreamConfigOf } from './dead-letters';
import { MessagingLogger, silentLogger } from './logger';
import { defaultBackoffMs } from './redelivery-backoff';
import { BatchHandler, Delivery } from './delivery';
import { RunningBatchConsumer } from './running-batch-consumer';
import { inboxPrefixOf, NATS_SERVICES, NatsService, subjectsNotPublishableBy } from './nats-permissions';
import { assertNamespace, StreamSettings, streamConfigOf, streamNameOf } from './stream-config';

export interface MessagingOptions {
  url: string;
  /** Prefix of every subject and of the stream name; one installation (or one test) per namespace. */
  namespace: string;
  /** Connection name shown by the NATS server (the service and replica). */
  name: string;
  /**
   * Credentials, when the server asks for them (always in production): each service its own user,
   * whose permissions (nats-permissions.ts) let it receive replies only on its own inbox prefix.
   */
  user?: string;
  pass?: string;
  duplicateWindowSeconds?: number;
  maxAgeDays?: number;
  replicas?: number;
  logger?: MessagingLogger;
}

export interface ConsumeBatchesOptions {
  /** Replicas that consume with the same durable share its messages. */
  durable: string;
  filterSubject: string;
  handler: BatchHandler;
  /** Most messages per batch (default 100). */
  batchSize?: number;
  /** Batches in flight at once per replica (default 2); two batches never share a key. */
  concurrency?: number;
  /** What must be handled in order: messages with one key are never in two batches at once. Default: the envelope's stream. */
  keyOf?: (delivery: Delivery) => string;
  /** Non-transient failures of a message before it goes to the dead-letter stream (default 5). */
  maxFailures?: number;
  /**
   * @deprecated deliveries are unlimited now (transient failures retry for as long as it takes); a
   * value given here is taken as `maxFailures` for this consumer.
   */
  maxDeliver?: number;
  ackWaitMs?: number;
  /** Delay before a failed message comes again, by its delivery count: capped, as retries are unlimited. */
  backoffMs?: (deliveryCount: number) => number;
  /** Unacknowledged messages the server lets out to all replicas together. */
  maxAckPending?: number;
  /** Told of every message dead-lettered or parked (the metrics). */
  onDeadLetter?: (kind: DeadLetterKind) => void;
}

export class NatsUnreachableError extends Error {
  constructor(url: string, cause: unknown) {
    super(
      `NATS is not reachable at ${url} (${(cause as Error)?.message ?? String(cause)}). ` +
        `Start it with 'docker compose up -d nats' (or run 'nats-server -js').`,
    );
    this.name = 'NatsUnreachableError';
  }
}

const STREAM_NAME_IN_USE = 10058;

export class Messaging {
  readonly streamName: string;
  /** Dead letters and parked messages of every consumer of the installation. */
  readonly deadLetters: DeadLetterStore;
  /** Where replies to this connection's requests arrive (`_INBOX` without a user). */
  readonly inboxPrefix: string;
  private readonly logger: MessagingLogger;
  private readonly kvs = new Map<string, Promise<KV>>();

  constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly namespace: string,
    private readonly settings: StreamSettings,
    logger?: MessagingLogger,
    /** Whether this connection may publish on a subject (a service's own NATS user may not on all). */
    mayPublish?: (subject: string) => boolean,
  ) {
    this.streamName = streamNameOf(namespace);
    this.deadLetters = new DeadLetterStore(js, jsm, namespace, mayPublish);
    this.inboxPrefix =
      (nc as NatsConnection & { options?: { inboxPrefix?: string } }).options?.inboxPrefix || '_INBOX';
    this.logger = logger ?? silentLogger;
  }

  /** Creates the installation's stream or brings its settings up to date; replicas may race here. */
  async ensureStream(): Promise<void> {
    await this.ensure(streamConfigOf(this.namespace, this.settings));
    await this.ensure(deadLetterStreamConfigOf(this.namespace, this.settings));
  }

  private async ensure(config: ReturnType<typeof streamConfigOf>): Promise<void> {
    try {
      await this.jsm.streams.add(config);
    } catch (e) {
      // Already there (made by another replica, or earlier): update what may have changed.
      if (apiErrorCode(e) !== STREAM_NAME_IN_USE) throw e;
      await this.jsm.streams.update(config.name, config);
    }
  }

  subjectFor(type: EventType): string {
    return `${this.namespace}.${subjectOf(type)}`;
  }

  /**
   * Publishes an envelope and waits for JetStream to store it. The envelope id is the Nats-Msg-Id, so a
   * second publish of the same envelope within the duplicate window is acknowledged but not stored.
   */
  async publish(envelope: Envelope, subject?: string): Promise<{ seq: number; duplicate: boolean }> {
    if (!subject && !isKnownEventType(envelope.type))
      throw new Error(`no subject for unknown event type ${envelope.type}`);
    const target = subject ?? this.subjectFor(envelope.type as EventType);
    const h = natsHeaders();
    if (envelope.trace?.traceparent) h.set('traceparent', envelope.trace.traceparent);
    if (envelope.trace?.tracestate) h.set('tracestate', envelope.trace.tracestate);
    const ack = await this.js.publish(target, JSON.stringify(envelope), { msgID: envelope.id, headers: h });
    return { seq: ack.seq, duplicate: ack.duplicate };
  }

  /**
   * Adds (or updates) a durable pull consumer and hands its messages to the handler in batches,
   * each message decoded and validated once. Acks follow the handler's answer per message.
   */
  async consumeBatches(opts: ConsumeBatchesOptions): Promise<RunningBatchConsumer> {
    const batchSize = opts.batchSize ?? 100;
    const concurrency = opts.concurrency ?? 2;
    const consumer = await this.durableConsumer(opts.durable, opts.filterSubject, {
      ackWaitMs: opts.ackWaitMs,
      maxAckPending: Math.max(opts.maxAckPending ?? 1000, 2 * batchSize * concurrency),
    });
    const running = new RunningBatchConsumer(consumer, {
      handler: opts.handler,
      batchSize,
      concurrency,
      keyOf: opts.keyOf ?? ((d) => d.envelope.streamId),
      maxFailures: Math.max(1, opts.maxFailures ?? opts.maxDeliver ?? 5),
      backoffMs: opts.backoffMs ?? defaultBackoffMs,
      logger: this.logger,
      durable: opts.durable,
      deadLetters: this.deadLetters,
      onDeadLetter: opts.onDeadLetter,
    });
    // What an older replica parked and this code knows: in the background, start-up does not wait.
    void this.deadLetters
      .takeUpParked(opts.durable)
      .then((n) => {
        if (n > 0) this.logger.info({ durable: opts.durable, replayed: n }, 'took up parked messages');
      })
      .catch((e: unknown) =>
        this.logger.warn({ err: e, durable: opts.durable }, 'could not look at parked messages'),
      );
    return running;
  }

  private async durableConsumer(
    durable: string,
    filterSubject: string,
    o: { ackWaitMs?: number; maxAckPending: number },
  ): Promise<Consumer> {
    await this.jsm.consumers.add(this.streamName, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: filterSubject,
      // Unlimited: a message leaves the consumer only acked, after its effect or in the dead-letter stream.
      max_deliver: -1,
      ack_wait: nanos(o.ackWaitMs ?? 30_000),
      max_ack_pending: o.maxAckPending,
    });
    return this.js.consumers.get(this.streamName, durable);
  }

  /** A key-value bucket of this namespace, created when missing. */
  kv(bucket: string, opts?: Partial<KvOptions>): Promise<KV> {
    const name = `${this.namespace}-${bucket}`;
    let view = this.kvs.get(name);
    if (!view) {
      view = this.js.views.kv(name, opts);
      view.catch(() => this.kvs.delete(name));
      this.kvs.set(name, view);
    }
    return view;
  }

  isHealthy(): boolean {
    return !this.nc.isClosed();
  }

  /** Lets pending publishes and subscriptions finish, then closes. */
  async close(): Promise<void> {
    if (this.nc.isClosed()) return;
    await this.nc.drain();
  }

  /** Test clean-up: the events stream of this namespace and its dead letters. */
  async deleteStream(): Promise<void> {
    for (const name of [this.streamName, this.deadLetters.streamName]) {
      await this.jsm.streams.delete(name).catch((e: unknown) => {
        if (!/not found/i.test(String((e as Error).message))) throw e;
      });
    }
  }

  /** Test clean-up: every key-value bucket of this namespace. */
  async deleteKvBuckets(): Promise<void> {
    const prefix = `KV_${this.namespace}-`;
    for await (const name of this.jsm.streams.names()) {
      if (name.startsWith(prefix)) await this.jsm.streams.delete(name);
    }
    this.kvs.clear();
  }
}

function apiErrorCode(e: unknown): number | undefined {
  return (e as { api_error?: { err_code?: number } }).api_error?.err_code;
}

export async function connectMessaging(opts: MessagingOptions): Promise<Messaging> {
  const namespace = assertNamespace(opts.namespace);
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: opts.url,
      name: opts.name,
      maxReconnectAttempts: -1,
      ...(opts.user ? { user: opts.user, pass: opts.pass, inboxPrefix: inboxPrefixOf(opts.user) } : {}),
    });
  } catch (e) {
    throw new NatsUnreachableError(opts.url, e);
  }
  const logger = opts.logger ?? silentLogger;
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect' || s.type === 'reconnect')
        logger.warn({ status: s.type, server: s.data }, 'NATS connection status');
    }
  })();
  const jsm = await nc.jetstreamManager();
  return new Messaging(
    nc,
    nc.jetstream(),
    jsm,
    namespace,
    {
      duplicateWindowSeconds: opts.duplicateWindowSeconds ?? 3600,
      maxAgeDays: opts.maxAgeDays ?? 14,
      replicas: opts.replicas ?? 1,
    },
    logger,
    mayPublishAs(opts.user, opts.name, namespace),
  );
}

/**
 * What a connection may publish: a service signed in as its own user (the generated authorization
 * names users after services), only what NATS_ACCESS lets it; anyone else is not limited here.
 */
function mayPublishAs(
  user: string | undefined,
  name: string | undefined,
  namespace: string,
): ((subject: string) => boolean) | undefined {
  if (!user || user !== name || !(NATS_SERVICES as readonly string[]).includes(user)) return undefined;
  return (subject) => subjectsNotPublishableBy(user as NatsService, namespace, [subject]).length === 0;
}
