import {
  BroadcastToCitizens,
  Envelope,
  EventType,
  makeEnvelope,
  SendMessageToCitizen,
  validateData,
} from '@citizen-desk/contracts';
import { processOnce } from '@citizen-desk/event-store';
import { RunningConsumer } from '@citizen-desk/messaging';
import { counter, currentTraceCarrier, SpanKind, withSpan } from '@citizen-desk/observability';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import {
  nextRetryDelayMs,
  toViberMessage,
  ViberApiClient,
  viberIdFromCitizen,
  ViberMessageBody,
} from '@citizen-desk/viber';
import { OutgoingViberOptions } from '../webhook/webhook.service';
import { RateBudget } from './rate-budget';
import { AttemptResult, decideAfterAttempt } from './send-decision';

const SENDER_CONSUMER = 'gateway-sender';
const outcomes = counter('viber_sends_total', 'Calls to the Viber API by outcome', ['call', 'outcome']);

export interface ViberSenderOptions extends OutgoingViberOptions {
  sendBudget: RateBudget;
  broadcastBudget: RateBudget;
  maxAttempts: number;
  retryBaseMs: number;
  concurrency: number;
  requestTimeoutMs: number;
}

/**
 * Long enough for every handler's turn of the rate budget plus a slow Viber answer (else JetStream
 * would hand the command to another replica while it is still being sent), and no longer, so that a
 * command caught in flight by a restart is redelivered soon.
 */
export function senderAckWaitMs(o: {
  concurrency: number;
  requestTimeoutMs: number;
  sendBudget: { ratePerSecond: number };
  broadcastBudget: { ratePerSecond: number };
}): number {
  const slowestRate = Math.min(o.sendBudget.ratePerSecond, o.broadcastBudget.ratePerSecond);
  return Math.max(30_000, Math.ceil((o.concurrency / slowestRate) * 1000) + 2 * o.requestTimeoutMs);
}

/** Raised to have JetStream redeliver the command later; the attempt count is its delivery count. */
class RetryLater extends Error {}

/**
 * The one sender of every outgoing Viber call. Commands arrive on a durable consumer shared by all
 * gateway replicas; an outcome is recorded once per command (processed ids), so a redelivered
 * command after a recorded send is not sent again.
 */
export class ViberSender {
  private consumer?: RunningConsumer;

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly client: ViberApiClient,
    private readonly options: ViberSenderOptions,
  ) {}

  async start(): Promise<void> {
    const { maxAttempts, retryBaseMs } = this.options;
    this.consumer = await this.runtime.consume({
      durable: SENDER_CONSUMER,
      subjects: 'outbound.>',
      concurrency: this.options.concurrency,
      // A few deliveries beyond the attempts, so the last one can record the failure.
      maxDeliver: maxAttempts + 5,
      ackWaitMs: senderAckWaitMs(this.options),
      backoffMs: (delivery) => nextRetryDelayMs(delivery, retryBaseMs),
      handler: async (envelope, meta) => {
        if (envelope.type === 'SendMessageToCitizen')
          await this.send(envelope as Envelope<SendMessageToCitizen>, meta.deliveryCount);
        else if (envelope.type === 'BroadcastToCitizens')
          await this.broadcast(envelope as Envelope<BroadcastToCitizens>, meta.deliveryCount);
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }

  private async send(command: Envelope<SendMessageToCitizen>, attempt: number): Promise<void> {
    if (await this.alreadyRecorded(command.id, attempt)) return;
    const cmd = command.data;
    const base = {
      messageId: cmd.messageId,
      citizenId: cmd.citizenId,
      purpose: cmd.purpose,
      origin: cmd.origin,
    };
    let body: ViberMessageBody;
    let receiver: string;
    try {
      receiver = viberIdFromCitizen(cmd.citizenId);
      body = toViberMessage(cmd.message, this.options);
    } catch (e) {
      await this.record(command, 'MessageSendFailed', {
        ...base,
        attempts: 0,
        reason: (e as Error).message,
        permanent: true,
      });
      return;
    }
    await this.options.sendBudget.take();
    const result: AttemptResult = await withSpan('viber send_message', { kind: SpanKind.CLIENT }, () =>
      this.client.sendMessage(receiver, body),
    );
    const decision = decideAfterAttempt(result, attempt, this.options);
    outcomes.inc({ call: 'send_message', outcome: decision.action });
    if (decision.action === 'retry-later') throw new RetryLater(decision.reason);
    if (decision.action === 'record-sent') {
      await this.record(command, 'MessageSent', {
        ...base,
        channelMessageId: decision.channelMessageId,
        attempts: attempt,
        ...(decision.billingStatus !== undefined ? { billingStatus: decision.billingStatus } : {}),
      });
    } else {
      this.runtime.logger.warn(
        { messageId: cmd.messageId, reason: decision.reason, code: decision.code },
        'message not sent',
      );
      await this.record(command, 'MessageSendFailed', {
        ...base,
        attempts: attempt,
        reason: decision.reason,
        ...(decision.code !== undefined ? { code: decision.code } : {}),
        permanent: decision.permanent,
      });
    }
  }

  private async broadcast(command: Envelope<BroadcastToCitizens>, attempt: number): Promise<void> {
    if (await this.alreadyRecorded(command.id, attempt)) return;
    const cmd = command.data;
    const base = { batchId: cmd.batchId, campaignId: cmd.campaignId, origin: cmd.origin };
    let body: ViberMessageBody;
    let receivers: string[];
    try {
      receivers = cmd.citizenIds.map(viberIdFromCitizen);
      body = toViberMessage(cmd.message, this.options);
    } catch (e) {
      const reason = (e as Error).message;
      await this.record(command, 'BroadcastBatchSent', {
        ...base,
        sent: [],
        failed: cmd.citizenIds.map((citizenId) => ({ citizenId, reason })),
        attempts: 0,
      });
      return;
    }
    await this.options.broadcastBudget.take();
    const result = await withSpan(
      'viber broadcast_message',
      { kind: SpanKind.CLIENT, attributes: { 'viber.receivers': receivers.length } },
      () => this.client.broadcastMessage(receivers, body),
    );
    const decision = decideAfterAttempt(result, attempt, this.options);
    outcomes.inc({ call: 'broadcast_message', outcome: decision.action });
    if (decision.action === 'retry-later') throw new RetryLater(decision.reason);
    if (decision.action === 'record-failed') {
      await this.record(command, 'BroadcastBatchSent', {
        ...base,
        sent: [],
        failed: cmd.citizenIds.map((citizenId) => ({
          citizenId,
          reason: decision.reason,
          ...(decision.code !== undefined ? { code: decision.code } : {}),
        })),
        attempts: attempt,
      });
      return;
    }
    const failedList = result.outcome === 'ok' ? (result.failedList ?? []) : [];
    const failedByViberId = new Map(failedList.map((f) => [f.receiver, f]));
    const failed = cmd.citizenIds.flatMap((citizenId, i) => {
      const f = failedByViberId.get(receivers[i]);
      return f ? [{ citizenId, reason: f.statusMessage ?? `status ${f.status}`, code: f.status }] : [];
    });
    const sent = cmd.citizenIds.filter((_c, i) => !failedByViberId.has(receivers[i]));
    await this.record(command, 'BroadcastBatchSent', {
      ...base,
      channelMessageId: decision.channelMessageId,
      sent,
      failed,
      attempts: attempt,
    });
  }

  /**
   * A command seen for the first time cannot have been recorded (JetStream drops a re-published id
   * within its duplicate window), so only redeliveries pay for the look-up.
   */
  private async alreadyRecorded(commandId: string, delivery: number): Promise<boolean> {
    if (delivery <= 1) return false;
    return this.runtime.eventStore.wasProcessed(SENDER_CONSUMER, commandId);
  }

  /** Records the outcome as an event in the gateway's store (and so on the bus), once per command. */
  private async record(command: Envelope, type: EventType, data: unknown): Promise<void> {
    const outcome = makeEnvelope({
      type,
      version: 1,
      streamId: `outbound-${command.id}`,
      data: validateData(type, data),
      causedBy: command,
      trace: currentTraceCarrier(),
    });
    await processOnce(this.runtime.dataSource, SENDER_CONSUMER, command.id, async (manager) => {
      await this.runtime.eventStore.append(outcome.streamId, 'any', [outcome], { manager });
    });
  }
}
