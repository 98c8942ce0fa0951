import { AnyEvent, Envelope, EventOf, EventType, makeEnvelope, validateData } from '@citizen-desk/contracts';
import { Delivery, DeliveryOutcome, RunningBatchConsumer } from '@citizen-desk/messaging';
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

/** What an attempt came to: an outcome to record, or a retry after JetStream's back-off. */
export type Attempt =
  { kind: 'record'; outcome: Envelope } | { kind: 'retry'; reason: string } | { kind: 'recorded' };

/**
 * The order a batch's commands are sent in: one lane per citizen, each in the order the commands
 * arrived, lanes side by side. A command whose lane has a command to retry before it waits too, so
 * a citizen's answers reach Viber in the order they were decided.
 */
export function lanesOf<T>(items: readonly T[], laneOf: (item: T) => string): T[][] {
  const lanes = new Map<string, T[]>();
  for (const item of items) {
    const lane = laneOf(item);
    const list = lanes.get(lane);
    if (list) list.push(item);
    else lanes.set(lane, [item]);
  }
  return [...lanes.values()];
}

/** The citizen a command goes to, or the command itself for a broadcast: what must keep its order. */
export function laneOf(envelope: { id: string; type: string; data: unknown }): string {
  if (envelope.type === 'SendMessageToCitizen') return (envelope.data as { citizenId: string }).citizenId;
  return envelope.id;
}

/**
 * The one sender of every outgoing Viber call. Commands arrive in batches on a durable consumer
 * shared by all gateway replicas; the calls of a batch run side by side (one citizen's in order)
 * under the shared rate budget, and their outcomes are recorded in one transaction, once per
 * command (processed ids), so a redelivered command after a recorded send is not sent again.
 */
export class ViberSender {
  private consumer?: RunningBatchConsumer;

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly client: ViberApiClient,
    private readonly options: ViberSenderOptions,
  ) {}

  async start(): Promise<void> {
    const { maxAttempts, retryBaseMs, concurrency } = this.options;
    this.consumer = await this.runtime.consumeBatches({
      durable: SENDER_CONSUMER,
      subjects: 'outbound.>',
      batchSize: concurrency,
      concurrency: 2,
      keyOf: (d) => laneOf(d.envelope),
      // A few deliveries beyond the attempts, so the last one can record the failure.
      maxDeliver: maxAttempts + 5,
      // Two batches in flight and two gathering: each command may wait for all of them.
      ackWaitMs: senderAckWaitMs({ ...this.options, concurrency: 4 * concurrency }),
      backoffMs: (delivery) => nextRetryDelayMs(delivery, retryBaseMs),
      handler: (batch) => this.sendBatch(batch),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }

  private async sendBatch(batch: Delivery[]): Promise<DeliveryOutcome[]> {
    const recorded = await this.alreadyRecorded(batch);
    const attempts: Attempt[] = new Array(batch.length);
    const held = new Map<number, number>();
    const indexed = batch.map((delivery, index) => ({ delivery, index }));
    await Promise.all(
      lanesOf(indexed, (i) => laneOf(i.delivery.envelope)).map(async (lane) => {
        let blocker: number | undefined;
        for (const { delivery, index } of lane) {
          if (blocker !== undefined) held.set(index, blocker);
          else if (recorded.has(delivery.envelope.id)) attempts[index] = { kind: 'recorded' };
          else {
            attempts[index] = await this.attempt(delivery);
            if (attempts[index].kind === 'retry') blocker = index;
          }
        }
      }),
    );
    return this.recordOutcomes(batch, attempts, held);
  }

  /** One call to Viber, in a span continuing the command's trace. */
  private attempt(delivery: Delivery): Promise<Attempt> {
    const command = delivery.envelope as AnyEvent;
    return withSpan(
      `${SENDER_CONSUMER} ${command.type}`,
      {
        parent: command.trace,
        kind: SpanKind.CONSUMER,
        attributes: { 'messaging.message.id': command.id, 'citizen_desk.event_type': command.type },
      },
      async () => {
        if (command.type === 'SendMessageToCitizen') return this.send(command, delivery.deliveryCount);
        if (command.type === 'BroadcastToCitizens') return this.broadcast(command, delivery.deliveryCount);
        return { kind: 'recorded' };
      },
    );
  }

  /** Every outcome of the batch in one transaction; a command whose outcome did not commit comes again. */
  private async recordOutcomes(
    batch: Delivery[],
    attempts: Attempt[],
    held: Map<number, number>,
  ): Promise<DeliveryOutcome[]> {
    const toRecord = attempts.flatMap((a, index) =>
      a?.kind === 'record'
        ? [{ id: batch[index].envelope.id, key: a.outcome.streamId, index, outcome: a.outcome }]
        : [],
    );
    const results = await this.runtime.eventStore.processBatch(SENDER_CONSUMER, toRecord, {
      effect: async ({ outcome }, { writer }) => void writer.append(outcome.streamId, 'no-stream', [outcome]),
    });
    const recordedAt = new Map(toRecord.map((r, j) => [r.index, results[j]]));
    return batch.map((_d, index): DeliveryOutcome => {
      const blocker = held.get(index);
      if (blocker !== undefined)
        return {
          ok: false,
          error: new Error('held behind a command to the same citizen'),
          heldBehind: blocker,
        };
      const attempt = attempts[index];
      if (attempt.kind === 'retry') return { ok: false, error: new RetryLater(attempt.reason) };
      const result = recordedAt.get(index);
      if (result?.status === 'failed') return { ok: false, error: result.error };
      return { ok: true };
    });
  }

  private async send(command: EventOf<'SendMessageToCitizen'>, attempt: number): Promise<Attempt> {
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
      return this.outcome(command, 'MessageSendFailed', {
        ...base,
        attempts: 0,
        reason: (e as Error).message,
        permanent: true,
      });
    }
    await this.options.sendBudget.take();
    const result: AttemptResult = await withSpan('viber send_message', { kind: SpanKind.CLIENT }, () =>
      this.client.sendMessage(receiver, body),
    );
    const decision = decideAfterAttempt(result, attempt, this.options);
    outcomes.inc({ call: 'send_message', outcome: decision.action });
    if (decision.action === 'retry-later') return { kind: 'retry', reason: decision.reason };
    if (decision.action === 'record-sent') {
      return this.outcome(command, 'MessageSent', {
        ...base,
        channelMessageId: decision.channelMessageId,
        attempts: attempt,
        ...(decision.billingStatus !== undefined ? { billingStatus: decision.billingStatus } : {}),
      });
    }
    this.runtime.logger.warn(
      { messageId: cmd.messageId, reason: decision.reason, code: decision.code },
      'message not sent',
    );
    return this.outcome(command, 'MessageSendFailed', {
      ...base,
      attempts: attempt,
      reason: decision.reason,
      ...(decision.code !== undefined ? { code: decision.code } : {}),
      permanent: decision.permanent,
    });
  }

  private async broadcast(command: EventOf<'BroadcastToCitizens'>, attempt: number): Promise<Attempt> {
    const cmd = command.data;
    const base = { batchId: cmd.batchId, campaignId: cmd.campaignId, origin: cmd.origin };
    let body: ViberMessageBody;
    let receivers: string[];
    try {
      receivers = cmd.citizenIds.map(viberIdFromCitizen);
      body = toViberMessage(cmd.message, this.options);
    } catch (e) {
      const reason = (e as Error).message;
      return this.outcome(command, 'BroadcastBatchSent', {
        ...base,
        sent: [],
        failed: cmd.citizenIds.map((citizenId) => ({ citizenId, reason })),
        attempts: 0,
      });
    }
    await this.options.broadcastBudget.take();
    const result = await withSpan(
      'viber broadcast_message',
      { kind: SpanKind.CLIENT, attributes: { 'viber.receivers': receivers.length } },
      () => this.client.broadcastMessage(receivers, body),
    );
    const decision = decideAfterAttempt(result, attempt, this.options);
    outcomes.inc({ call: 'broadcast_message', outcome: decision.action });
    if (decision.action === 'retry-later') return { kind: 'retry', reason: decision.reason };
    if (decision.action === 'record-failed') {
      return this.outcome(command, 'BroadcastBatchSent', {
        ...base,
        sent: [],
        failed: cmd.citizenIds.map((citizenId) => ({
          citizenId,
          reason: decision.reason,
          ...(decision.code !== undefined ? { code: decision.code } : {}),
        })),
        attempts: attempt,
      });
    }
    const failedList = result.outcome === 'ok' ? (result.failedList ?? []) : [];
    const failedByViberId = new Map(failedList.map((f) => [f.receiver, f]));
    const failed = cmd.citizenIds.flatMap((citizenId, i) => {
      const f = failedByViberId.get(receivers[i]);
      return f ? [{ citizenId, reason: f.statusMessage ?? `status ${f.status}`, code: f.status }] : [];
    });
    const sent = cmd.citizenIds.filter((_c, i) => !failedByViberId.has(receivers[i]));
    return this.outcome(command, 'BroadcastBatchSent', {
      ...base,
      channelMessageId: decision.channelMessageId,
      sent,
      failed,
      attempts: attempt,
    });
  }

  /**
   * A command seen for the first time cannot have been recorded (JetStream drops a re-published id
   * within its duplicate window), so only a batch's redeliveries are looked up, in one query.
   */
  private async alreadyRecorded(batch: Delivery[]): Promise<Set<string>> {
    const redelivered = batch.filter((d) => d.deliveryCount > 1).map((d) => d.envelope.id);
    return this.runtime.eventStore.processedAmong(SENDER_CONSUMER, redelivered);
  }

  /** The outcome event of a command, made in the command's span so that it carries its trace. */
  private outcome(command: Envelope, type: EventType, data: unknown): Attempt {
    return {
      kind: 'record',
      outcome: makeEnvelope({
        type,
        version: 1,
        streamId: `outbound-${command.id}`,
        data: validateData(type, data),
        causedBy: command,
        trace: currentTraceCarrier(),
      }),
    };
  }
}

/** Why a command is to be redelivered later; the attempt count is its delivery count. */
class RetryLater extends Error {}
