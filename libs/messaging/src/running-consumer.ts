import { ContractViolation, Envelope, EventType, parseEnvelope } from '@citizen-desk/contracts';
import { Consumer, ConsumerMessages, JsMsg, MsgHdrs } from 'nats';
import { MessagingLogger } from './logger';

export interface DeliveryMeta {
  /** 1 on the first delivery, 2 on the first redelivery … */
  deliveryCount: number;
  subject: string;
  headers?: MsgHdrs;
}

export type EnvelopeHandler = (envelope: Envelope & { type: EventType }, meta: DeliveryMeta) => Promise<void>;

export interface HandlingOptions {
  handler: EnvelopeHandler;
  concurrency: number;
  maxDeliver: number;
  backoffMs: (deliveryCount: number) => number;
  logger: MessagingLogger;
  durable: string;
}

const RESTART_DELAY_MS = 1000;

/**
 * Pulls from a durable consumer and runs up to `concurrency` handlers at once. A message is acked only
 * after its handler succeeded, naked with a back-off when it threw, and terminated when it can never be
 * handled (not JSON, unknown type, payload outside the contract) so that it neither retries nor blocks.
 */
export class RunningConsumer {
  private stopping = false;
  private messages?: ConsumerMessages;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly loop: Promise<void>;
  private stopped?: Promise<void>;

  constructor(
    private readonly consumer: Consumer,
    private readonly opts: HandlingOptions,
  ) {
    this.loop = this.run();
  }

  /** Stops pulling, hands back what was fetched but not started, and waits for running handlers. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.stopping = true;
      await this.messages?.close();
      await this.loop;
      await Promise.all([...this.inFlight]);
    })();
    return this.stopped;
  }

  /** Handlers running right now. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        this.messages = await this.consumer.consume({ max_messages: this.opts.concurrency });
        if (this.stopping) await this.messages.close();
        for await (const m of this.messages) {
          while (this.inFlight.size >= this.opts.concurrency) await Promise.race(this.inFlight);
          if (this.stopping) {
            m.nak(); // fetched but not started: let another replica have it now
            continue;
          }
          const handling: Promise<void> = this.handle(m).finally(() => this.inFlight.delete(handling));
          this.inFlight.add(handling);
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

  private async handle(m: JsMsg): Promise<void> {
    const { logger, durable } = this.opts;
    const deliveryCount = m.info.redeliveryCount;
    let envelope: Envelope & { type: EventType };
    try {
      envelope = parseEnvelope(m.json<unknown>());
    } catch (e) {
      const reason = e instanceof ContractViolation ? e.message : `not JSON: ${(e as Error).message}`;
      logger.error(
        { durable, subject: m.subject, seq: m.seq, reason },
        'terminating a message that can never be handled',
      );
      m.term();
      return;
    }
    try {
      await this.opts.handler(envelope, { deliveryCount, subject: m.subject, headers: m.headers });
      m.ack();
    } catch (e) {
      const context = {
        err: e,
        durable,
        subject: m.subject,
        messageId: envelope.id,
        type: envelope.type,
        deliveryCount,
      };
      if (deliveryCount >= this.opts.maxDeliver) {
        logger.error(
          context,
          'handler failed on the last allowed delivery; the message will not be redelivered',
        );
      } else {
        logger.warn(context, 'handler failed; the message will be redelivered');
      }
      m.nak(this.opts.backoffMs(deliveryCount));
    }
  }
}
