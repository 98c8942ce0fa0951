import { Envelope } from '@citizen-desk/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { appendToStream } from './append-to-stream';
import { ItemOutcome, LedgerItem } from './batch-ledger';
import { BatchWriter } from './batch-writer';
import { BatchScope, processBatch } from './process-batch';
import { readStreams } from './read-streams';
import { outboxChannelOf } from './schema-name';
import { processedAmong } from './was-processed-many';
import { deleteStream } from './delete-stream';
import { eraseEventFields } from './erase-event-fields';
import { ExpectedVersion } from './concurrency-error';
import { schemaOf } from './connection-config';
import { insertIntoOutbox, outboxRowOf } from './outbox';
import { foldStream, readStream, ReadStreamResult } from './read-stream';
import { wasProcessed } from './was-processed';
import { CLEAR_TEXT, EnvelopeCipher } from './privacy/envelope-cipher';

export interface AppendOptions {
  /** Join the caller's transaction (e.g. together with a processOnce effect). */
  manager?: EntityManager;
  /** Commands or notices that are not part of the stream but must leave with it (e.g. SendMessageToCitizen). */
  alsoPublish?: Envelope[];
  /** false keeps the appended events internal to the service (not put into the outbox). Default true. */
  publish?: boolean;
}

/**
 * The event store of one service's schema. Everything it records for publication goes into the
 * outbox in the same transaction; the OutboxRelay publishes it to `<namespace>.<subject>`.
 */
export class EventStore {
  private readonly namespace: string;
  private readonly schema: string;
  /** Seals citizens' personal fields before they are recorded or published, opens them when read. */
  readonly cipher: EnvelopeCipher;

  constructor(
    private readonly dataSource: DataSource,
    opts: { namespace: string; cipher?: EnvelopeCipher },
  ) {
    this.namespace = opts.namespace;
    this.schema = schemaOf(dataSource);
    this.cipher = opts.cipher ?? CLEAR_TEXT;
  }

  async append(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: Envelope[],
    opts: AppendOptions = {},
  ): Promise<{ nextVersion: number }> {
    // Validate what will be published before touching the database.
    const toPublish = [...(opts.publish === false ? [] : events), ...(opts.alsoPublish ?? [])];
    toPublish.forEach((e) => outboxRowOf(this.namespace, e));
    // Sealed once: the stream and the outbox (so JetStream) hold the same ciphertext.
    const sealed = await this.sealedById([...events, ...(opts.alsoPublish ?? [])]);
    const outboxRows = toPublish.map((e) => outboxRowOf(this.namespace, sealed.get(e)!, false));
    return this.inTransaction(opts.manager, async (manager) => {
      const result = await appendToStream(
        manager,
        streamId,
        expectedVersion,
        events.map((e) => sealed.get(e)!),
      );
      await insertIntoOutbox(manager, this.schema, outboxRows);
      return result;
    });
  }

  /** Puts envelopes into the outbox only, for what a service publishes without keeping a stream. */
  async enqueue(envelopes: Envelope[], manager?: EntityManager): Promise<void> {
    envelopes.forEach((e) => outboxRowOf(this.namespace, e));
    const sealed = await this.cipher.seal(envelopes);
    const rows = sealed.map((e) => outboxRowOf(this.namespace, e, false));
    await this.inTransaction(manager, (m) => insertIntoOutbox(m, this.schema, rows));
  }

  async readStream(
    streamId: string,
    opts: { manager?: EntityManager; fromVersion?: number } = {},
  ): Promise<ReadStreamResult> {
    const read = await readStream(opts.manager ?? this.dataSource.manager, streamId, opts.fromVersion);
    return { ...read, events: await this.cipher.open(read.events) };
  }

  /** Folds the whole stream; `version` is what the next append should expect. */
  async aggregateStream<S>(
    streamId: string,
    evolve: (state: S, event: Envelope) => S,
    initial: () => S,
    manager?: EntityManager,
  ): Promise<{ state: S; version: number }> {
    const { version, events } = await this.readStream(streamId, { manager });
    return { state: foldStream(events, evolve, initial), version };
  }

  /** Deletes the stream's recorded events (erasure); returns how many there were. */
  async deleteStream(streamId: string, manager?: EntityManager): Promise<number> {
    return deleteStream(manager ?? this.dataSource.manager, streamId);
  }

  /** Erases fields from the recorded events of a type in these streams (erasure that keeps the record). */
  async eraseEventFields(
    streamIds: readonly string[],
    eventType: string,
    fields: readonly string[],
    manager?: EntityManager,
  ): Promise<number> {
    return eraseEventFields(manager ?? this.dataSource.manager, streamIds, eventType, fields);
  }

  /** Whether processOnce already recorded this message for this consumer. */
  async wasProcessed(consumer: string, messageId: string, manager?: EntityManager): Promise<boolean> {
    return wasProcessed(manager ?? this.dataSource.manager, consumer, messageId);
  }

  /** Whether processOnce/processBatch recorded these ids for this consumer, in one query. */
  async processedAmong(
    consumer: string,
    messageIds: readonly string[],
    manager?: EntityManager,
  ): Promise<Set<string>> {
    return processedAmong(manager ?? this.dataSource.manager, consumer, messageIds);
  }

  /** Reads several whole streams in one query; missing streams come back empty at version 0. */
  async readStreams(
    streamIds: readonly string[],
    manager?: EntityManager,
  ): Promise<Map<string, ReadStreamResult>> {
    const streams = await readStreams(manager ?? this.dataSource.manager, streamIds);
    // Every stream's events opened together: one key lookup for the whole read.
    const opened = await this.cipher.open([...streams.values()].flatMap((s) => s.events));
    let i = 0;
    for (const stream of streams.values()) stream.events = stream.events.map(() => opened[i++]);
    return streams;
  }

  /** Stages appends and outbox rows in the caller's transaction and writes them in one statement on flush. */
  writer(manager: EntityManager): BatchWriter {
    return new BatchWriter(manager, this.namespace, outboxChannelOf(this.schema), this.cipher);
  }

  /**
   * Handles a batch in one transaction, each item's effect at most once for `consumer`; see
   * processBatch. Items in the order they must take effect; `key` groups what must stay in order.
   */
  async processBatch<I extends LedgerItem, P = undefined>(
    consumer: string,
    items: readonly I[],
    handling: {
      prepare?: (fresh: I[], manager: EntityManager) => Promise<P>;
      effect: (item: I, scope: BatchScope, prepared: P) => Promise<void>;
      onAfterCommitError?: (error: unknown) => void;
      idempotentEffects?: boolean;
    },
  ): Promise<ItemOutcome[]> {
    return processBatch({
      dataSource: this.dataSource,
      consumer,
      items,
      writerFor: (m) => this.writer(m),
      ...handling,
    });
  }

  private async sealedById(envelopes: Envelope[]): Promise<Map<Envelope, Envelope>> {
    const sealed = await this.cipher.seal(envelopes);
    return new Map(envelopes.map((e, i) => [e, sealed[i]]));
  }

  private inTransaction<T>(
    manager: EntityManager | undefined,
    work: (m: EntityManager) => Promise<T>,
  ): Promise<T> {
    if (manager) return work(manager);
    return this.dataSource.transaction(work);
  }
}
