import { Envelope } from '@citizen-desk/contracts';
import { EntityManager } from 'typeorm';
import { appendBatch, PendingAppend } from './append-batch';
import { ExpectedVersion } from './concurrency-error';
import { OutboxRow, outboxRowOf } from './outbox';

export interface StagedAppendOptions {
  /** Commands or notices that are not part of the stream but must leave with it. */
  alsoPublish?: Envelope[];
  /** false keeps the appended events internal to the service (not put into the outbox). Default true. */
  publish?: boolean;
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
  /** Rows per sink, sinks in the order first used. */
  private staged = new Map<RowSink<unknown>, unknown[]>();

  constructor(
    private readonly manager: EntityManager,
    private readonly namespace: string,
    private readonly notifyChannel: string,
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
  }

  /**
   * Writes what was staged: the appends and outbox rows in one statement, then each sink's rows in
   * one statement per sink. Needed before a statement that must see them (e.g. deleting a stream).
   */
  async flush(): Promise<void> {
    if (this.isEmpty) return;
    const appends = this.appends;
    const outbox = this.outbox;
    const staged = this.staged;
    this.appends = [];
    this.outbox = [];
    this.staged = new Map();
    if (appends.length > 0 || outbox.length > 0)
      await appendBatch(this.manager, appends, outbox, this.notifyChannel);
    for (const [sink, rows] of staged) await sink.write(this.manager, rows);
  }
}
