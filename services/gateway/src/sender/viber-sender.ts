import { AnyEvent, Envelope, EventOf, EventType, makeEnvelope, validateData } from '@citizen-desk/contracts';
import { Delivery, DeliveryOutcome, RunningBatchConsumer } from '@citizen-desk/messaging';
import { counter, currentTraceCarrier, SpanKind, withSpan } from '@citizen-desk/observability';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { nextRetryDelayMs, toViberMessage, ViberApiClient, ViberMessageBody } from '@citizen-desk/viber';
import { OutgoingViberOptions } from '../webhook/webhook.service';
import { RateBudget } from './rate-budget';
import { AttemptResult, decideAfterAttempt } from './send-decision';
import { decideOnIntent, IntentDecision, SendKind, sendKeyOf, senderBatchShape } from './send-intent';
import { IntentRecorder, SendIntentsRepository } from './send-intents.repository';

export const SENDER_CONSUMER = 'gateway-sender';
const outcomes = counter('viber_sends_total', 'Calls to the Viber API by outcome', ['call', 'outcome']);
const forgottenReceivers = counter(
  'forgotten_receivers_total',
  'Messages not sent because their citizen was forgotten (no Viber id for the pseudonym), by call',
  ['call'],
);
/** Why a message to a forgotten citizen is not sent: recorded as a permanent failure, never retried. */
export const FORGOTTEN_REASON = 'not sent: the citizen was forgotten (their pseudonym has no Viber id)';
const uncertainSends = counter(
  'uncertain_sends_total',
  'Viber calls begun whose answer was never recorded (the process died in between), by call',
  ['kind'],
);

/**
 * A transient failure is retried for as long as the stream keeps the command: a million deliveries
 * at the capped back-off outlast any retention. Finite rather than JetStream's -1, so that the
 * consumer's "last allowed delivery" handling never mistakes every delivery for the last one.
 */
const UNLIMITED_DELIVERIES = 1_000_000;

export interface ViberSenderOptions extends OutgoingViberOptions {
  sendBudget: RateBudget;
  broadcastBudget: RateBudget;
  /** First back-off after a transient failure; doubled per delivery (full jitter) … */
  retryBaseMs: number;
  /** … up to this. */
  retryMaxMs: number;
  /** Viber calls a replica has begun and not yet recorded: the most a kill can leave uncertain. */
  maxInFlight: number;
  requestTimeoutMs: number;
  /**
   * Tests only: runs after Viber answered a call and before anything about it is recorded. Throwing
   * here is a crash in the send window: the batch is neither recorded nor acknowledged.
   */
  afterViberCall?: (command: Envelope) => Promise<void> | void;
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

/**
 * What an attempt came to: an outcome to record, or a retry after JetStream's back-off (`answered`:
 * the intent of a call that Viber answered "not sent", to be cleared so the retry is not uncertain).
 */
export type Attempt =
  | { kind: 'record'; outcome: Envelope }
  | { kind: 'retry'; reason: string; answered?: { sendKey: string; commandId: string } }
  | { kind: 'recorded' };

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
 *
 * Viber has no idempotency key, so each call is preceded by a send intent in PostgreSQL, and a
 * command that comes again with an intent but no outcome was cut short between the call and its
 * record (an uncertain send): a citizen's message is resent once and never again; a broadcast batch
 * is never resent blindly but reported as uncertain, for the broadcast service to reconcile from
 * Viber's delivered/seen receipts. Transient failures (5xx, network, status 12) are retried without
 * limit with capped back-off; permanent ones are recorded.
 */
export class ViberSender {
  private consumer?: RunningBatchConsumer;
  private readonly intents: SendIntentsRepository;
  private readonly recorder: IntentRecorder;

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly client: ViberApiClient,
    private readonly options: ViberSenderOptions,
  ) {
    this.intents = new SendIntentsRepository(runtime.dataSource);
    this.recorder = new IntentRecorder(this.intents);
  }

  async start(): Promise<void> {
    const { retryBaseMs, retryMaxMs, maxInFlight } = this.options;
    const { batchSize, concurrency } = senderBatchShape(maxInFlight);
    this.consumer = await this.runtime.consumeBatches({
      durable: SENDER_CONSUMER,
      subjects: 'outbound.>',
      batchSize,
      concurrency,
      keyOf: (d) => laneOf(d.envelope),
      maxDeliver: UNLIMITED_DELIVERIES,
      // The batches in flight and as many gathering: each command may wait for all of them.
      ackWaitMs: senderAckWaitMs({ ...this.options, concurrency: 2 * batchSize * concurrency }),
      backoffMs: (delivery) => nextRetryDelayMs(delivery, retryBaseMs, retryMaxMs),
      handler: (batch) => this.sendBatch(batch),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }

  private async sendBatch(batch: Delivery[]): Promise<DeliveryOutcome[]> {
    const decisions = await this.decide(batch);
    const receivers = await this.viberIdsOf(batch);
    const attempts: Attempt[] = new Array(batch.length);
    const held = new Map<number, number>();
    const indexed = batch.map((delivery, index) => ({ delivery, index }));
    const lanes = await Promise.allSettled(
      lanesOf(indexed, (i) => laneOf(i.delivery.envelope)).map(async (lane) => {
        let blocker: number | undefined;
        for (const { delivery, index } of lane) {
          if (blocker !== undefined) held.set(index, blocker);
          else {
            attempts[index] = await this.attempt(delivery, decisions[index], receivers);
            if (attempts[index].kind === 'retry') blocker = index;
          }
        }
      }),
    );
    // A lane that threw (the tests' crash in the send window) records nothing of the batch.
    const crashed = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
    if (crashed) throw crashed.reason;
    const outcomes = await this.recordOutcomes(batch, attempts, held);
    await this.forgetFarewells(batch, attempts, outcomes);
    return outcomes;
  }

  /**
   * The Viber id of every citizen the batch's commands go to, in one query (only the gateway can
   * resolve a pseudonym). A forgotten citizen has none, but for the answer to "forget me" itself.
   */
  private viberIdsOf(batch: Delivery[]): Promise<Map<string, string>> {
    const citizens: string[] = [];
    const farewells: string[] = [];
    for (const { envelope } of batch) {
      if (envelope.type === 'SendMessageToCitizen') {
        const data = (envelope as EventOf<'SendMessageToCitizen'>).data;
        citizens.push(data.citizenId);
        if (data.farewell) farewells.push(data.citizenId);
      } else if (envelope.type === 'BroadcastToCitizens')
        citizens.push(...(envelope as EventOf<'BroadcastToCitizens'>).data.citizenIds);
    }
    if (citizens.length === 0) return Promise.resolve(new Map());
    return this.runtime.citizenKeys.viberIdsOf(citizens, farewells);
  }

  /** A farewell recorded (sent, or failed for good): the forgotten citizen's Viber id goes for good. */
  private async forgetFarewells(
    batch: Delivery[],
    attempts: Attempt[],
    outcomes: DeliveryOutcome[],
  ): Promise<void> {
    const said = batch.flatMap(({ envelope }, i) => {
      if (envelope.type !== 'SendMessageToCitizen' || !outcomes[i].ok || attempts[i]?.kind === 'retry')
        return [];
      const data = (envelope as EventOf<'SendMessageToCitizen'>).data;
      return data.farewell ? [data.citizenId] : [];
    });
    if (said.length === 0) return;
    // Its outcome is recorded: were this to fail, the farewell's time limit removes the id anyway.
    await this.runtime.citizenKeys
      .farewellsSaid(said)
      .catch((e) => this.runtime.logger.warn({ err: e }, 'could not delete the Viber ids of farewells said'));
  }

  /**
   * Every delivery's intent and whether its outcome is recorded, in two queries per batch. First
   * deliveries are looked up too: a command re-published after the broker's duplicate window, or a
   * batch issued again under a new command id, comes with a delivery count of 1.
   */
  private async decide(batch: Delivery[]): Promise<Array<IntentDecision | undefined>> {
    const keys = batch.map((d) => sendKeyOf(d.envelope));
    const intents = await this.intents.find(keys);
    const ids = [...batch.map((d) => d.envelope.id), ...[...intents.values()].map((i) => i.commandId)];
    const recorded = await this.runtime.eventStore.processedAmong(SENDER_CONSUMER, [...new Set(ids)]);
    return batch.map((d, i) => {
      const kind = kindOf(d.envelope.type);
      return kind && decideOnIntent(d.envelope.id, kind, intents.get(keys[i]), recorded);
    });
  }

  /** One call to Viber, in a span continuing the command's trace. */
  private attempt(
    delivery: Delivery,
    decision: IntentDecision | undefined,
    receivers: ReadonlyMap<string, string>,
  ): Promise<Attempt> {
    const command = delivery.envelope as AnyEvent;
    return withSpan(
      `${SENDER_CONSUMER} ${command.type}`,
      {
        parent: command.trace,
        kind: SpanKind.CONSUMER,
        attributes: { 'messaging.message.id': command.id, 'citizen_desk.event_type': command.type },
      },
      async (): Promise<Attempt> => {
        if (!decision || decision.action === 'recorded') return { kind: 'recorded' };
        if (decision.action === 'wait')
          return { kind: 'retry', reason: 'another command of this batch is being sent' };
        const attempt = delivery.deliveryCount;
        if (command.type === 'SendMessageToCitizen') {
          if (decision.action === 'give-up-uncertain')
            return this.giveUpUncertain(command, decision, attempt);
          if (decision.action === 'resend') this.uncertain(command, 'send_message', decision.attemptedAt);
          return this.send(command, attempt, decision.action === 'resend', receivers);
        }
        if (command.type === 'BroadcastToCitizens') {
          if (decision.action === 'reconcile') return this.reconcile(command, decision, attempt);
          return this.broadcast(command, attempt, receivers);
        }
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
    await this.intents.markAnswered(
      attempts.flatMap((a) => (a?.kind === 'retry' && a.answered ? [a.answered] : [])),
    );
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

  private async send(
    command: EventOf<'SendMessageToCitizen'>,
    attempt: number,
    resent: boolean,
    receivers: ReadonlyMap<string, string>,
  ): Promise<Attempt> {
    const cmd = command.data;
    const base = {
      messageId: cmd.messageId,
      citizenId: cmd.citizenId,
      purpose: cmd.purpose,
      origin: cmd.origin,
    };
    const receiver = receivers.get(cmd.citizenId);
    if (receiver === undefined) {
      forgottenReceivers.inc({ call: 'send_message' });
      this.runtime.logger.info({ messageId: cmd.messageId }, 'message to a forgotten citizen not sent');
      return this.outcome(command, 'MessageSendFailed', {
        ...base,
        attempts: 0,
        reason: FORGOTTEN_REASON,
        permanent: true,
      });
    }
    let body: ViberMessageBody;
    try {
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
    const intent = { sendKey: sendKeyOf(command), commandId: command.id };
    if (!(await this.recorder.record({ ...intent, kind: 'send_message', resent })))
      return { kind: 'retry', reason: 'another command holds this send' };
    const result: AttemptResult = await withSpan('viber send_message', { kind: SpanKind.CLIENT }, () =>
      this.client.sendMessage(receiver, body),
    );
    await this.options.afterViberCall?.(command);
    const decision = decideAfterAttempt(result);
    outcomes.inc({ call: 'send_message', outcome: decision.action });
    if (decision.action === 'retry-later')
      return { kind: 'retry', reason: decision.reason, answered: intent };
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

  private async broadcast(
    command: EventOf<'BroadcastToCitizens'>,
    attempt: number,
    viberIds: ReadonlyMap<string, string>,
  ): Promise<Attempt> {
    const cmd = command.data;
    const base = { batchId: cmd.batchId, campaignId: cmd.campaignId, origin: cmd.origin };
    // Forgotten citizens are left out of the call, and reported failed for good.
    const citizenIds = cmd.citizenIds.filter((id) => viberIds.has(id));
    const forgotten = cmd.citizenIds
      .filter((id) => !viberIds.has(id))
      .map((citizenId) => ({ citizenId, reason: FORGOTTEN_REASON }));
    if (forgotten.length > 0) forgottenReceivers.inc({ call: 'broadcast_message' }, forgotten.length);
    const receivers = citizenIds.map((id) => viberIds.get(id)!);
    let body: ViberMessageBody;
    try {
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
    if (citizenIds.length === 0)
      return this.outcome(command, 'BroadcastBatchSent', {
        ...base,
        sent: [],
        failed: forgotten,
        attempts: 0,
      });
    await this.options.broadcastBudget.take();
    const intent = { sendKey: sendKeyOf(command), commandId: command.id };
    if (!(await this.recorder.record({ ...intent, kind: 'broadcast_message', resent: false })))
      return { kind: 'retry', reason: 'another command of this batch is being sent' };
    const result = await withSpan(
      'viber broadcast_message',
      { kind: SpanKind.CLIENT, attributes: { 'viber.receivers': receivers.length } },
      () => this.client.broadcastMessage(receivers, body),
    );
    await this.options.afterViberCall?.(command);
    const decision = decideAfterAttempt(result);
    outcomes.inc({ call: 'broadcast_message', outcome: decision.action });
    if (decision.action === 'retry-later')
      return { kind: 'retry', reason: decision.reason, answered: intent };
    if (decision.action === 'record-failed') {
      return this.outcome(command, 'BroadcastBatchSent', {
        ...base,
        sent: [],
        failed: [
          ...citizenIds.map((citizenId) => ({
            citizenId,
            reason: decision.reason,
            ...(decision.code !== undefined ? { code: decision.code } : {}),
          })),
          ...forgotten,
        ],
        attempts: attempt,
      });
    }
    const failedList = result.outcome === 'ok' ? (result.failedList ?? []) : [];
    const failedByViberId = new Map(failedList.map((f) => [f.receiver, f]));
    // Viber names the receivers that failed by their Viber ids: mapped back to the pseudonyms.
    const failed = [
      ...citizenIds.flatMap((citizenId, i) => {
        const f = failedByViberId.get(receivers[i]);
        return f ? [{ citizenId, reason: f.statusMessage ?? `status ${f.status}`, code: f.status }] : [];
      }),
      ...forgotten,
    ];
    const sent = citizenIds.filter((_c, i) => !failedByViberId.has(receivers[i]));
    return this.outcome(command, 'BroadcastBatchSent', {
      ...base,
      channelMessageId: decision.channelMessageId,
      sent,
      failed,
      attempts: attempt,
    });
  }

  /** Counts and logs an uncertain send: a call begun whose answer was never recorded. */
  private uncertain(command: Envelope, kind: SendKind, attemptedAt: Date): void {
    uncertainSends.inc({ kind });
    this.runtime.logger.warn(
      { commandId: command.id, kind, attemptedAt: attemptedAt.toISOString() },
      'uncertain send: a call was begun and its answer never recorded',
    );
  }

  /** The citizen's message was resent once already and that was cut short too: recorded, never called again. */
  private giveUpUncertain(
    command: EventOf<'SendMessageToCitizen'>,
    decision: { attemptedAt: Date },
    attempt: number,
  ): Attempt {
    this.uncertain(command, 'send_message', decision.attemptedAt);
    const cmd = command.data;
    return this.outcome(command, 'MessageSendUncertain', {
      messageId: cmd.messageId,
      citizenId: cmd.citizenId,
      purpose: cmd.purpose,
      origin: cmd.origin,
      attempts: attempt,
      attemptedAt: decision.attemptedAt.toISOString(),
    });
  }

  /** A broadcast batch is never resent blindly: its owner reconciles it from Viber's receipts. */
  private reconcile(
    command: EventOf<'BroadcastToCitizens'>,
    decision: { attemptedAt: Date },
    attempt: number,
  ): Attempt {
    this.uncertain(command, 'broadcast_message', decision.attemptedAt);
    const cmd = command.data;
    return this.outcome(command, 'BroadcastBatchUncertain', {
      batchId: cmd.batchId,
      campaignId: cmd.campaignId,
      origin: cmd.origin,
      citizenIds: cmd.citizenIds,
      attemptedAt: decision.attemptedAt.toISOString(),
      attempts: attempt,
    });
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

function kindOf(type: string): SendKind | undefined {
  if (type === 'SendMessageToCitizen') return 'send_message';
  if (type === 'BroadcastToCitizens') return 'broadcast_message';
  return undefined;
}
