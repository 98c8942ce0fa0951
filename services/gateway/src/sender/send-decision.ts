/** How Viber answered one attempt, as the viber lib classifies it. */
export type AttemptResult =
  | { outcome: 'ok'; messageToken?: string; billingStatus?: number }
  | { outcome: 'retry'; reason: string; code?: number }
  | { outcome: 'permanent'; reason: string; code?: number };

export type SendDecision =
  | { action: 'record-sent'; channelMessageId: string; billingStatus?: number }
  | { action: 'retry-later'; reason: string }
  | { action: 'record-failed'; reason: string; code?: number; permanent: boolean };

/**
 * What to do after an attempt: a transient failure (5xx, network error or time-out, status 12 "too many
 * requests") is retried for as long as it takes, the back-off between attempts being the sender
 * consumer's capped redelivery delay — giving up would lose a message that a later attempt delivers;
 * a permanent one (not subscribed, blocked, bad data) is recorded at once.
 */
export function decideAfterAttempt(result: AttemptResult): SendDecision {
  if (result.outcome === 'ok') {
    return {
      action: 'record-sent',
      channelMessageId: result.messageToken ?? 'unknown',
      billingStatus: result.billingStatus,
    };
  }
  if (result.outcome === 'permanent') {
    return { action: 'record-failed', reason: result.reason, code: result.code, permanent: true };
  }
  return { action: 'retry-later', reason: result.reason };
}
