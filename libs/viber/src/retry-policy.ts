import { ViberCallResult } from './viber-result';

/**
 * Delay before retry number `attempt` (1 = the first retry): exponential back-off with full jitter,
 * so many senders hitting the same rate limit do not retry in lock-step.
 */
export function nextRetryDelayMs(
  attempt: number,
  baseMs: number,
  maxMs = 60000,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  // 2 ** exponent grows without bound; cap before multiplying so a high attempt never becomes Infinity/NaN.
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(exponent, 52));
  return Math.floor(random() * ceiling);
}

/** `attempt` is the number of attempts already made (1 after the first call failed). */
export function shouldRetry(
  classification: Pick<ViberCallResult, 'outcome'>,
  attempt: number,
  maxAttempts: number,
): boolean {
  return classification.outcome === 'retry' && attempt < maxAttempts;
}
