import { bucketShape, WindowLimit } from '@citizen-desk/viber';
import { RateBudgetRepository } from './rate-budget.repository';

/**
 * A replica's view of a shared budget. To spare the database one row lock per call, tokens are
 * drawn in small leases (about 1/20 s worth) that expire quickly, so a replica can never bank more
 * than a moment of the shared rate.
 */
export class RateBudget {
  private leased = 0;
  private leaseExpiresAt = 0;
  private queue: Promise<void> = Promise.resolve();
  private readonly leaseSize: number;
  private readonly capacity: number;
  private readonly refillPerSecond: number;

  constructor(
    private readonly repo: RateBudgetRepository,
    readonly name: string,
    readonly ratePerSecond: number,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    private readonly now: () => number = Date.now,
    /** A ceiling per window (Viber's 500 broadcasts per 10 s) that the burst plus the refill must never exceed. */
    limit?: WindowLimit,
  ) {
    const shape = bucketShape(ratePerSecond, limit);
    this.leaseSize = shape.leaseSize;
    this.capacity = shape.capacity;
    this.refillPerSecond = shape.refillPerSecond;
  }

  /** Resolves when one call may be made. Callers queue in order. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.takeOne());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async takeOne(): Promise<void> {
    for (;;) {
      if (this.leased > 0 && this.now() < this.leaseExpiresAt) {
        this.leased--;
        return;
      }
      const { granted, available } = await this.repo.take(
        this.name,
        this.leaseSize,
        this.refillPerSecond,
        this.capacity,
      );
      if (granted > 0) {
        this.leased = granted;
        this.leaseExpiresAt = this.now() + 250;
        continue;
      }
      const waitMs = Math.ceil(((1 - available) / this.refillPerSecond) * 1000);
      await this.sleep(Number.isFinite(waitMs) ? Math.max(1, waitMs) : 100);
    }
  }
}
