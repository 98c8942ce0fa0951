/** The two kinds of Viber call the sender makes; also the label of the uncertain-sends metric. */
export type SendKind = 'send_message' | 'broadcast_message';

/** A send intent as recorded before a call: `calling` until its answer is known. */
export interface SendIntent {
  sendKey: string;
  commandId: string;
  kind: SendKind;
  /** `calling`: a call was begun and its outcome is not known; `answered`: Viber answered "not sent, try again". */
  state: 'calling' | 'answered';
  /** This send was found uncertain once already and resent. */
  resent: boolean;
  attemptedAt: Date;
}

/** What a delivery of a send command comes to, before anything is called. */
export type IntentDecision =
  /** Its outcome (or, for a batch, another command's outcome for the same batch) is recorded: nothing to do. */
  | { action: 'recorded' }
  /** No call of it is pending: call Viber. */
  | { action: 'send' }
  /** A call of this citizen's message was begun and never recorded: resend it, once. */
  | { action: 'resend'; attemptedAt: Date }
  /** … and its one resend was cut short too: record it as uncertain, never call again. */
  | { action: 'give-up-uncertain'; attemptedAt: Date }
  /** A call of this broadcast batch was begun and never recorded: hand it to reconciliation, no call. */
  | { action: 'reconcile'; attemptedAt: Date }
  /** Another command of the same batch is being sent (or was cut short and will come again): later. */
  | { action: 'wait' };

/** The intent's key: a citizen's message by its command, a broadcast by its batch (re-issues get new command ids). */
export function sendKeyOf(command: { id: string; type: string; data: unknown }): string {
  if (command.type === 'BroadcastToCitizens') return `batch:${(command.data as { batchId: string }).batchId}`;
  return command.id;
}

/**
 * Decides from the command's recorded intent and the processed command ids (`recorded`) whether a
 * delivery is sent, resent once, reconciled or left alone. Pure; the sender looks both up for a whole
 * batch in two queries, for every delivery (a first delivery too: a command re-published after the
 * broker's duplicate window, or a re-issued batch, comes with a delivery count of 1).
 */
export function decideOnIntent(
  commandId: string,
  kind: SendKind,
  intent: SendIntent | undefined,
  recorded: ReadonlySet<string>,
): IntentDecision {
  if (recorded.has(commandId)) return { action: 'recorded' };
  if (!intent || intent.state === 'answered') return { action: 'send' };
  if (intent.commandId !== commandId)
    return recorded.has(intent.commandId) ? { action: 'recorded' } : { action: 'wait' };
  if (kind === 'broadcast_message') return { action: 'reconcile', attemptedAt: intent.attemptedAt };
  return intent.resent
    ? { action: 'give-up-uncertain', attemptedAt: intent.attemptedAt }
    : { action: 'resend', attemptedAt: intent.attemptedAt };
}

/**
 * How a replica's in-flight limit is split into the sender consumer's batches: two batches side by
 * side (one gathering while one is sent) when the limit allows, never more calls begun and not yet
 * recorded than the limit. A kill can leave at most this many uncertain sends per replica.
 */
export function senderBatchShape(maxInFlight: number): { batchSize: number; concurrency: number } {
  const limit = Math.max(1, Math.floor(maxInFlight));
  const concurrency = limit >= 2 ? 2 : 1;
  return { batchSize: Math.floor(limit / concurrency), concurrency };
}
