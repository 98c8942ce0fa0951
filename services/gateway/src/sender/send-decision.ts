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
 * What to do after an attempt: a transient failure is retried until the attempts are used up (the
 * back-off between attempts is the sender consumer's redelivery delay); a permanent one (not
 * subscribed, blocked, bad data) is recorded at once.
 */
export function decideAfterAttempt(
  result: AttemptResult,
  attempt: number,
  policy: { maxAttempts: number },
): SendDecision {
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
  if (attempt >= policy.maxAttempts) {
    return {
      action: 'record-failed',
      reason: `gave up after ${attempt} attempts: ${result.reason}`,
      code: result.code,
      permanent: false,
    };
  }
  return { action: 'retry-later', reason: result.reason };
}
