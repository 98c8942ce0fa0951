import { Consumer, ConsumerMessages, JsMsg } from 'nats';
import { inStreamOrder, retryDelayMs, takeBatch } from './batch-selection';
import { BatchHandler, decodeDelivery, Delivery, DeliveryOutcome } from './delivery';
import { MessagingLogger } from './logger';

export interface BatchHandlingOptions {
  handler: BatchHandler;
  /** Most messages handed to the handler at once. */
  batchSize: number;
  /** Batches in flight at once (never two with the same key). */
  concurrency: number;
  keyOf: (delivery: Delivery) => string;
  maxDeliver: number;
  backoffMs: (deliveryCount: number) => number;
  logger: MessagingLogger;
  durable: string;
}

interface Waiting {
  msg: JsMsg;
  delivery: Delivery;
  key: string;
}

const RESTART_DELAY_MS = 1000;

/**
 * Pulls from a durable consumer and hands its messages to the handler in batches. While a batch is
 * handled the next one gathers, so a quiet consumer answers one message at once and a busy one
 * handles many per transaction. A message is acked only after the handler said it is done, naked
 * with a back-off when not, and terminated when it can never be handled (not JSON, unknown type,
 * payload outside the contract).
 */
export class RunningBatchConsumer {
  private stopping = false;
  private messages?: ConsumerMessages;
  private waiting: Waiting[] = [];
  private readonly busyKeys = new Set<string>();
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
          this.accept(m);
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

  private accept(m: JsMsg): void {
    const decoded = decodeDelivery(m);
    if (!decoded.ok) {
      this.opts.logger.error(
        { durable: this.opts.durable, subject: m.subject, seq: m.seq, reason: decoded.reason },
        'terminating a message that can never be handled',
      );
      m.term();
      return;
    }
    this.waiting.push({ msg: m, delivery: decoded.delivery, key: this.opts.keyOf(decoded.delivery) });
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
    outcomes.forEach((outcome, i) => this.settle(batch, i, outcome));
  }

  private settle(batch: Waiting[], i: number, outcome: DeliveryOutcome): void {
    const { msg, delivery } = batch[i];
    if (outcome.ok) {
      msg.ack();
      return;
    }
    const blocker = outcome.heldBehind === undefined ? undefined : batch[outcome.heldBehind]?.delivery;
    const context = {
      err: outcome.error,
      durable: this.opts.durable,
      subject: delivery.subject,
      messageId: delivery.envelope.id,
      type: delivery.envelope.type,
      deliveryCount: delivery.deliveryCount,
      heldBehind: blocker?.envelope.id,
    };
    if (blocker) this.opts.logger.info(context, 'held behind a failed message of the same key');
    else if (delivery.deliveryCount >= this.opts.maxDeliver)
      this.opts.logger.error(
        context,
        'handler failed on the last allowed delivery; it will not be redelivered',
      );
    else this.opts.logger.warn(context, 'handler failed; the message will be redelivered');
    msg.nak(retryDelayMs(delivery.deliveryCount, blocker?.deliveryCount, this.opts.backoffMs));
  }
}

function withSeq(w: Waiting): Waiting & { streamSeq: number } {
  return { ...w, streamSeq: w.delivery.streamSeq };
}
