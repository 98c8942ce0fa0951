/**
 * How old a callback's `timestamp` may be before the gateway refuses it as a replay. Viber retries a
 * callback it could not deliver several times over about an hour, with its original timestamp, so the
 * window must comfortably outlast that: two hours by default. A signed callback copied and sent again
 * later than that is refused; earlier ones are de-duplicated by their message_token.
 */
export const DEFAULT_CALLBACK_MAX_AGE_MS = 2 * 3600 * 1000;
/** Clocks differ: a timestamp this far ahead of ours still counts as now. */
export const CALLBACK_CLOCK_SKEW_MS = 5 * 60 * 1000;

export type CallbackFreshness = 'fresh' | 'stale' | 'from-the-future';

/** Whether a callback stamped `timestampMs` (Viber's epoch milliseconds) may be accepted at `nowMs`. */
export function callbackFreshness(
  timestampMs: number,
  nowMs: number,
  maxAgeMs: number = DEFAULT_CALLBACK_MAX_AGE_MS,
): CallbackFreshness {
  if (timestampMs > nowMs + CALLBACK_CLOCK_SKEW_MS) return 'from-the-future';
  if (nowMs - timestampMs > maxAgeMs) return 'stale';
  return 'fresh';
}
