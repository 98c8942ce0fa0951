/** Viber's ceiling on `broadcast_message`: at most 500 requests in any 10 seconds. */
export const VIBER_BROADCAST_LIMIT: WindowLimit = { calls: 500, seconds: 10 };

/** At most `calls` calls within any `seconds`-long window. */
export interface WindowLimit {
  calls: number;
  seconds: number;
}

/** How a token bucket is sized: how many tokens it holds, how fast it refills, and how many a replica leases at once. */
export interface BucketShape {
  capacity: number;
  refillPerSecond: number;
  leaseSize: number;
}

/**
 * Sizes a token bucket for a rate. A bucket of capacity C refilled at r per second lets through at most
 * C + r·T calls in any window of T seconds (a full bucket at the window's start, then every refill).
 * Without a window limit the bucket holds one second of burst; with one, the burst is a single lease
 * and the refill is lowered where needed so that C + r·T never exceeds the limit.
 */
export function bucketShape(ratePerSecond: number, limit?: WindowLimit): BucketShape {
  const leaseSize = Math.max(1, Math.floor(ratePerSecond / 20));
  if (!limit)
    return { leaseSize, capacity: Math.max(leaseSize, ratePerSecond), refillPerSecond: ratePerSecond };
  const capacity = Math.max(1, Math.min(leaseSize, Math.floor(limit.calls / 2)));
  const refillPerSecond = Math.min(ratePerSecond, (limit.calls - capacity) / limit.seconds);
  return { leaseSize: capacity, capacity, refillPerSecond };
}
