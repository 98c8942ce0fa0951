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
 * Gathers the appends and outbox rows of a batch, so that they reach the database in one statement
 * when flushed rather than two per message. Contract checks run when staged, so a message whose
 * output would be rejected fails on its own.
 */
export class BatchWriter {
  private appends: PendingAppend[] = [];
  private outbox: OutboxRow[] = [];

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

  get isEmpty(): boolean {
    return this.appends.length === 0 && this.outbox.length === 0;
  }

  /** Drops what was staged and not yet written (its item was rolled back). */
  discard(): void {
    this.appends = [];
    this.outbox = [];
  }

  /** Writes what was staged; needed before a statement that must see it (e.g. deleting a stream). */
  async flush(): Promise<void> {
    if (this.isEmpty) return;
    const appends = this.appends;
    const outbox = this.outbox;
    this.appends = [];
    this.outbox = [];
    await appendBatch(this.manager, appends, outbox, this.notifyChannel);
  }
}
