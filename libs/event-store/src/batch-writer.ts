import { Envelope } from '@citizen-desk/contracts';
import { EntityManager } from 'typeorm';
import { appendBatch, PendingAppend } from './append-batch';
import { ExpectedVersion } from './concurrency-error';
import { OutboxRow, outboxRowOf } from './outbox';
import { CLEAR_TEXT, EnvelopeCipher } from './privacy/envelope-cipher';

export interface StagedAppendOptions {
  /** Commands or notices that are not part of the stream but must leave with it. */
  alsoPublish?: Envelope[];
  /** false keeps the appended events internal to the service (not put into the outbox). Default true. */
  publish?: boolean;
  /**
   * false leaves the citizen's personal fields in clear. Only for what is sent to a citizen just as
   * their key is deleted (the answer to "forget me"), which must still read after it: the
   * municipality's words, not theirs.
   */
  seal?: boolean;
}

/**
 * Where a service's own rows of a batch go in one statement (a projection table, a history), instead of
 * one statement per message. `write` gets every row staged since the last flush, in the order staged.
 */
export interface RowSink<T> {
  write(manager: EntityManager, rows: T[]): Promise<void>;
}

/**
 * Gathers the appends and outbox rows of a batch, so that they reach the database in one statement
 * when flushed rather than two per message. Contract checks run when staged, so a message whose
 * output would be rejected fails on its own.
 */
export class BatchWriter {
  private appends: PendingAppend[] = [];
  private outbox: OutboxRow[] = [];
  private readonly clear = new Set<Envelope>();
  /** Rows per sink, sinks in the order first used. */
  private staged = new Map<RowSink<unknown>, unknown[]>();

  constructor(
    private readonly manager: EntityManager,
    private readonly namespace: string,
    private readonly notifyChannel: string,
    private readonly cipher: EnvelopeCipher = CLEAR_TEXT,
  ) {}

  append(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: Envelope[],
    opts: StagedAppendOptions = {},
  ): { nextVersion: number | undefined } {
    const toPublish = [...(opts.publish === false ? [] : events), ...(opts.alsoPublish ?? [])];
    const rows = toPublish.map((e) => outboxRowOf(this.namespace, e));
    this.appends.push({ streamId, expectedVersion, events });
    this.outbox.push(...rows);
    if (opts.seal === false) for (const e of [...events, ...(opts.alsoPublish ?? [])]) this.clear.add(e);
    return {
      nextVersion: typeof expectedVersion === 'number' ? expectedVersion + events.length : undefined,
    };
  }

  /** Puts envelopes into the outbox only. */
  enqueue(envelopes: Envelope[]): void {
    this.outbox.push(...envelopes.map((e) => outboxRowOf(this.namespace, e)));
  }

  /** Stages a row for `sink`, written with the rest of the batch's rows when the writer flushes. */
  stage<T>(sink: RowSink<T>, row: T): void {
    const rows = this.staged.get(sink as RowSink<unknown>);
    if (rows) rows.push(row);
    else this.staged.set(sink as RowSink<unknown>, [row]);
  }

  get isEmpty(): boolean {
    return this.appends.length === 0 && this.outbox.length === 0 && this.staged.size === 0;
  }

  /** Drops what was staged and not yet written (its item was rolled back). */
  discard(): void {
    this.appends = [];
    this.outbox = [];
    this.staged = new Map();
    this.clear.clear();
  }

  /**
   * Writes what was staged: the appends and outbox rows in one statement, then each sink's rows in
   * one statement per sink. Needed before a statement that must see them (e.g. deleting a stream).
   */
  async flush(): Promise<void> {
    if (this.isEmpty) return;
    const staged = this.appends;
    const stagedOutbox = this.outbox;
    const stagedRows = this.staged;
    const clear = new Set(this.clear);
    this.appends = [];
    this.outbox = [];
    this.staged = new Map();
    this.clear.clear();
    if (staged.length > 0 || stagedOutbox.length > 0) {
      // The whole batch sealed at once: one key lookup. An envelope both appended and published is
      // sealed once, so the stream and the outbox hold the same ciphertext.
      const toSeal = [
        ...new Set([...staged.flatMap((a) => a.events), ...stagedOutbox.map((r) => r.envelope)]),
      ].filter((e) => !clear.has(e));
      const sealed = await this.cipher.seal(toSeal);
      const sealedOf = new Map(toSeal.map((e, i) => [e, sealed[i]]));
      const sealedOrSame = (e: Envelope) => sealedOf.get(e) ?? e;
      const appends = staged.map((a) => ({ ...a, events: a.events.map(sealedOrSame) }));
      const outbox = stagedOutbox.map((r) => ({ ...r, envelope: sealedOrSame(r.envelope) }));
      await appendBatch(this.manager, appends, outbox, this.notifyChannel);
    }
    for (const [sink, rows] of stagedRows) await sink.write(this.manager, rows);
  }
}
