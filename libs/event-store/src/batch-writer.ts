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
 * Gathers the appends and outbox rows of a batch, so that they reach the database in one statement
 * when flushed rather than two per message. Contract checks run when staged, so a message whose
 * output would be rejected fails on its own.
 */
export class BatchWriter {
  private appends: PendingAppend[] = [];
  private outbox: OutboxRow[] = [];
  private readonly clear = new Set<Envelope>();

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

  get isEmpty(): boolean {
    return this.appends.length === 0 && this.outbox.length === 0;
  }

  /** Drops what was staged and not yet written (its item was rolled back). */
  discard(): void {
    this.appends = [];
    this.outbox = [];
    this.clear.clear();
  }

  /** Writes what was staged; needed before a statement that must see it (e.g. deleting a stream). */
  async flush(): Promise<void> {
    if (this.isEmpty) return;
    const staged = this.appends;
    const stagedOutbox = this.outbox;
    const clear = new Set(this.clear);
    this.appends = [];
    this.outbox = [];
    this.clear.clear();
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
}
