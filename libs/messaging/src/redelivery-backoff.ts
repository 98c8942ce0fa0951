/** Delay before a failed message is delivered again: 100 ms doubling per delivery, at most 30 s. */
export function defaultBackoffMs(deliveryCount: number): number {
  return Math.min(30_000, 100 * 2 ** Math.max(0, deliveryCount - 1));
}
