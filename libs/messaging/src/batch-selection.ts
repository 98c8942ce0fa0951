/**
 * Picks the next batch from what is waiting: at most `size` items, in arrival order, leaving behind
 * every item whose key (a citizen, a stream) is still being handled by a batch in flight, so that one
 * key's messages are never handled by two batches at once, nor out of order.
 */
export function takeBatch<T>(
  waiting: readonly T[],
  size: number,
  busyKeys: ReadonlySet<string>,
  keyOf: (item: T) => string,
): { batch: T[]; rest: T[] } {
  const batch: T[] = [];
  const rest: T[] = [];
  for (const item of waiting) {
    if (batch.length < size && !busyKeys.has(keyOf(item))) batch.push(item);
    else rest.push(item);
  }
  return { batch, rest };
}

/**
 * The order a batch is handled in: by stream sequence, so that a redelivered message of a citizen
 * comes before that citizen's later ones that happen to share its batch.
 */
export function inStreamOrder<T extends { streamSeq: number }>(batch: readonly T[]): T[] {
  return [...batch].sort((a, b) => a.streamSeq - b.streamSeq);
}

/**
 * How long a message must wait before it comes again: its own back-off, and when it was held behind
 * a failed message of the same key, at least that message's back-off, so it does not overtake it.
 */
export function retryDelayMs(
  ownDeliveryCount: number,
  blockerDeliveryCount: number | undefined,
  backoffMs: (deliveryCount: number) => number,
): number {
  const own = backoffMs(ownDeliveryCount);
  if (blockerDeliveryCount === undefined) return own;
  // A few milliseconds more than the blocker, so the server redelivers it after the blocker.
  return Math.max(own, backoffMs(blockerDeliveryCount) + 5);
}
