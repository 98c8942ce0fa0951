import { Consumer, ConsumerMessages, JsMsg } from 'nats';
import { inStreamOrder, takeBatch } from './batch-selection';
import { DeadLetterKind, DeadLetterStore, REPLAY_FOR_HEADER } from './dead-letters';
import { BatchHandler, decodeDelivery, Delivery, DeliveryOutcome } from './delivery';
import { MessagingLogger } from './logger';
import { describeError, settlementOf } from './settlement';

export interface BatchHandlingOptions {
  handler: BatchHandler;
  /** Most messages handed to the handler at once. */
  batchSize: number;
  /** Batches in flight at once (never two with the same key). */
  concurrency: number;
  keyOf: (delivery: Delivery) => string;
  /** Non-transient failures of a message after which it goes to the dead-letter stream. */
  maxFailures: number;
  backoffMs: (deliveryCount: number) => number;
  logger: MessagingLogger;
  durable: string;
  deadLetters: DeadLetterStore;
  /** Told of every message dead-lettered or parked (the metrics). */
  onDeadLetter?: (kind: DeadLetterKind) => void;
}

interface Waiting {
  msg: JsMsg;
  delivery: Delivery;
  key: string;
}

const RESTART_DELAY_MS = 1000;
/** Failure counts kept per replica; a message another replica took leaves its entry behind until this many. */
const MAX_TRACKED_FAILURES = 10_000;

/**
 * Pulls from a durable consumer and hands its messages to the handler in batches. While a batch is
 * handled the next one gathers, so a quiet consumer answers one message at once and a busy one
 * handles many per transaction. A message is acked only after the handler said it is done. When not,
 * it comes again after a capped back-off: without limit when the failure was transient (database or
 * broker away, time-out, lost race), and until its `maxFailures`-th other failure, when it goes to the
 * consumer's dead-letter stream with the error and is acked. A message that can never be handled goes
 * there at once (broken) or is parked (an event type or version this code does not know yet).
 *
 * Failures are counted per replica in memory: a restart or another replica starts the count again,
 * so a poison message fails at least `maxFailures` times before it is dead-lettered, never fewer.
 */
export class RunningBatchConsumer {
  private stopping = false;
  private messages?: ConsumerMessages;
  private waiting: Waiting[] = [];
  private readonly busyKeys = new Set<string>();
  /** Non-transient failures so far, by stream sequence. */
  private readonly failures = new Map<number, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private spaceFreed?: () => void;
  private readonly loop: Promise<void>;
  private stopped?: Promise<void>;

  constructor(
    private readonly consumer: Consumer,
    private readonly opts: BatchHandlingOptions,
  ) {
    this.loop = this.run();
  }

  /** Stops pulling, hands back what was fetched but not started, and waits for batches in flight. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.stopping = true;
      this.spaceFreed?.();
      await this.messages?.close();
      await this.loop;
      for (const w of this.waiting.splice(0)) w.msg.nak(); // another replica may have them now
      await Promise.all([...this.inFlight]);
    })();
    return this.stopped;
  }

  /** Batches being handled right now. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        this.messages = await this.consumer.consume({ max_messages: this.opts.batchSize });
        if (this.stopping) await this.messages.close();
        for await (const m of this.messages) {
          if (this.stopping) {
            m.nak();
            continue;
          }
          await this.accept(m);
          this.dispatch();
          // Pull no further than two batches ahead; the server keeps the rest for other replicas.
          while (!this.stopping && this.waiting.length >= 2 * this.opts.batchSize)
            await new Promise<void>((r) => (this.spaceFreed = r));
        }
      } catch (e) {
        this.opts.logger.error(
          { err: e, durable: this.opts.durable },
          'consumer stopped pulling; restarting',
        );
      }
      if (!this.stopping) await new Promise((r) => setTimeout(r, RESTART_DELAY_MS));
    }
  }

  private async accept(m: JsMsg): Promise<void> {
    const replayFor = m.headers?.get(REPLAY_FOR_HEADER);
    if (replayFor && replayFor !== this.opts.durable) {
      m.ack(); // replayed for another consumer of the subject; this one had it the first time
      return;
    }
    const decoded = decodeDelivery(m);
    if (decoded.ok) {
      this.waiting.push({ msg: m, delivery: decoded.delivery, key: this.opts.keyOf(decoded.delivery) });
      return;
    }
    const kind: DeadLetterKind = decoded.disposition === 'park' ? 'parked' : 'dead';
    const context = { durable: this.opts.durable, subject: m.subject, seq: m.seq, reason: decoded.reason };
    if (kind === 'parked')
      this.opts.logger.warn(context, 'parking a message of a type or version not known here');
    else this.opts.logger.error(context, 'dead-lettering a message that can never be handled');
    await this.deadLetter(kind, m, decoded.reason, 0);
  }

  /** Stores the message in the dead-letter stream, then acks it; if the store fails, it comes again. */
  private async deadLetter(kind: DeadLetterKind, m: JsMsg, error: string, failures: number): Promise<void> {
    try {
      await this.opts.deadLetters.put(kind, this.opts.durable, m, {
        error,
        deliveryCount: m.info.redeliveryCount,
        failures,
      });
    } catch (e) {
      this.opts.logger.warn(
        { err: e, durable: this.opts.durable, seq: m.seq },
        'could not store a dead letter; the message will come again',
      );
      m.nak(this.opts.backoffMs(m.info.redeliveryCount));
      return;
    }
    m.ack();
    this.failures.delete(m.seq);
    this.opts.onDeadLetter?.(kind);
  }

  private dispatch(): void {
    while (!this.stopping && this.inFlight.size < this.opts.concurrency && this.waiting.length > 0) {
      const { batch, rest } = takeBatch(this.waiting, this.opts.batchSize, this.busyKeys, (w) => w.key);
      if (batch.length === 0) return;
      this.waiting = rest;
      for (const w of batch) this.busyKeys.add(w.key);
      const handling: Promise<void> = this.handle(inStreamOrder(batch.map(withSeq))).finally(() => {
        for (const w of batch) this.busyKeys.delete(w.key);
        this.inFlight.delete(handling);
        this.spaceFreed?.();
        this.dispatch();
      });
      this.inFlight.add(handling);
    }
  }

  private async handle(batch: Array<Waiting & { streamSeq: number }>): Promise<void> {
    let outcomes: DeliveryOutcome[];
    try {
      outcomes = await this.opts.handler(batch.map((w) => w.delivery));
      if (outcomes.length !== batch.length) throw new Error('batch handler answered for a different batch');
    } catch (e) {
      outcomes = batch.map(() => ({ ok: false, error: e }));
    }
    await Promise.all(outcomes.map((outcome, i) => this.settle(batch, i, outcome)));
  }

  private async settle(batch: Waiting[], i: number, outcome: DeliveryOutcome): Promise<void> {
    const { msg, delivery } = batch[i];
    const blocker =
      outcome.ok || outcome.heldBehind === undefined ? undefined : batch[outcome.heldBehind]?.delivery;
    const settlement = settlementOf({
      outcome,
      deliveryCount: delivery.deliveryCount,
      blockerDeliveryCount: blocker?.deliveryCount,
      failuresBefore: this.failures.get(msg.seq) ?? 0,
      maxFailures: this.opts.maxFailures,
      backoffMs: this.opts.backoffMs,
    });
    if (settlement.action === 'ack') {
      msg.ack();
      this.failures.delete(msg.seq);
      return;
    }
    const error = outcome.ok ? undefined : outcome.error;
    const context = {
      err: error,
      durable: this.opts.durable,
      subject: delivery.subject,
      messageId: delivery.envelope.id,
      type: delivery.envelope.type,
      deliveryCount: delivery.deliveryCount,
      heldBehind: blocker?.envelope.id,
    };
    if (settlement.action === 'dead-letter') {
      this.opts.logger.error(
        { ...context, failures: settlement.failures },
        'handler failed too often; moving the message to the dead-letter stream',
      );
      await this.deadLetter('dead', msg, describeError(error), settlement.failures);
      return;
    }
    if (settlement.reason === 'held')
      this.opts.logger.info(context, 'held behind a failed message of the same key');
    else if (settlement.reason === 'transient')
      this.opts.logger.warn(context, 'transient failure; the message will be redelivered until it succeeds');
    else {
      this.trackFailures(msg.seq, settlement.failures);
      this.opts.logger.warn(
        { ...context, failures: settlement.failures, maxFailures: this.opts.maxFailures },
        'handler failed; the message will be redelivered',
      );
    }
    msg.nak(settlement.delayMs);
  }

  private trackFailures(seq: number, failures: number): void {
    this.failures.delete(seq);
    this.failures.set(seq, failures);
    // Oldest first (insertion order): entries of messages another replica finished.
    while (this.failures.size > MAX_TRACKED_FAILURES)
      this.failures.delete(this.failures.keys().next().value!);
  }
}

function withSeq(w: Waiting): Waiting & { streamSeq: number } {
  return { ...w, streamSeq: w.delivery.streamSeq };
}
