import { VIBER_BROADCAST_LIMIT } from '@citizen-desk/viber';
import { RateBudget } from './rate-budget';
import { RateBudgetRepository } from './rate-budget.repository';

/** The token bucket the repository keeps in PostgreSQL, on a simulated clock. */
function simulatedBucket(clock: { ms: number }) {
  let tokens: number | undefined;
  let refilledAt = 0;
  return {
    take: async (_name: string, wanted: number, ratePerSecond: number, capacity: number) => {
      if (tokens === undefined) tokens = capacity;
      const available = Math.min(capacity, tokens + (ratePerSecond * (clock.ms - refilledAt)) / 1000);
      const granted = Math.min(Math.floor(available), wanted);
      tokens = available - granted;
      refilledAt = clock.ms;
      return { granted, available };
    },
  } as unknown as RateBudgetRepository;
}

/** Times (ms) at which a caller that always wants more is let through, over `seconds` of simulated time. */
async function greedyCalls(ratePerSecond: number, seconds: number, limit?: typeof VIBER_BROADCAST_LIMIT) {
  const clock = { ms: 0 };
  const budget = new RateBudget(
    simulatedBucket(clock),
    'broadcast',
    ratePerSecond,
    async (ms) => void (clock.ms += ms),
    () => clock.ms,
    limit,
  );
  const calls: number[] = [];
  while (clock.ms < seconds * 1000) {
    await budget.take();
    if (clock.ms < seconds * 1000) calls.push(clock.ms);
  }
  return calls;
}

/** The most calls within any window of `windowMs` (closed at both ends). */
function busiestWindow(calls: number[], windowMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; j < calls.length; j++) {
    while (calls[j]! - calls[i]! > windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

describe('rate budget over simulated time', () => {
  it("never lets more than Viber's 500 broadcasts into any 10 s window, even starting with a full bucket", async () => {
    const calls = await greedyCalls(50, 60, VIBER_BROADCAST_LIMIT);
    expect(busiestWindow(calls, 10_000)).toBeLessThanOrEqual(500);
    // …while still using nearly all of it: a minute at ~50 per second.
    expect(calls.length).toBeGreaterThan(2950);
  });

  it('holds the limit when the configured rate is above what the window allows', async () => {
    const calls = await greedyCalls(80, 30, VIBER_BROADCAST_LIMIT);
    expect(busiestWindow(calls, 10_000)).toBeLessThanOrEqual(500);
  });

  it('without a window limit keeps one second of burst (send_message)', async () => {
    const calls = await greedyCalls(50, 10);
    expect(busiestWindow(calls, 10_000)).toBeGreaterThan(500);
  });
});
