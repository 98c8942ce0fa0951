/**
 * Delay before a failed message is delivered again: `baseMs` doubling per delivery, at most `capMs`.
 * Retries of transient failures are unlimited, so the delay must stay finite for any delivery count.
 */
export function cappedBackoff(baseMs: number, capMs: number): (deliveryCount: number) => number {
  return (deliveryCount) => Math.min(capMs, baseMs * 2 ** Math.min(40, Math.max(0, deliveryCount - 1)));
}

/** Delay before a failed message is delivered again: 100 ms doubling per delivery, at most 30 s. */
export const defaultBackoffMs = cappedBackoff(100, 30_000);
