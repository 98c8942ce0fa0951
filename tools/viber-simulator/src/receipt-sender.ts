import { receiptCallback } from './citizen-callbacks';
import { FakeDelivery, FakeViberApi } from './fake-viber-api';
import { postSignedCallback } from './signed-callback';

/** A pause drawn uniformly from [min, max] milliseconds. */
export interface DelayRange {
  minMs: number;
  maxMs: number;
}

export interface ReceiptSenderOptions {
  /** Posts one signed callback to the webhook and resolves with its HTTP status (throws when unreachable). */
  post: (payload: Record<string, unknown>) => Promise<number>;
  /** From the message reaching the fake API to its `delivered` callback. */
  delivered: DelayRange;
  /** From the `delivered` callback to the `seen` one. */
  seen: DelayRange;
  /** Only messages that came this way get receipts (default: both). */
  via?: FakeDelivery['via'];
  /** Callbacks posted at once at most; the others wait their turn (default 64). */
  concurrency?: number;
  /** Random numbers in [0, 1): injectable for tests. */
  random?: () => number;
}

/** One receipt callback as the webhook answered it. */
export interface PostedReceipt {
  event: 'delivered' | 'seen';
  status: number;
  /** From posting the callback to its answer, in milliseconds. */
  ackMs: number;
  /** performance.now() when the answer came. */
  answeredAt: number;
}

export function drawDelay(range: DelayRange, random: () => number): number {
  return range.minMs + (range.maxMs - range.minMs) * random();
}

/** A webhook poster for ReceiptSender that uses the simulator's signed fetch. */
export function fetchPoster(webhookUrl: string, authToken: string): ReceiptSenderOptions['post'] {
  return async (payload) => (await postSignedCallback(webhookUrl, authToken, payload)).status;
}

/**
 * Acknowledges messages the way citizens' phones do: for each message reaching a receiver at a
 * FakeViberApi, a `delivered` callback after a while, then a `seen` one after another while, posted
 * (signed) to the webhook. Records how each callback was answered.
 */
export class ReceiptSender {
  readonly posted: PostedReceipt[] = [];
  /** Callbacks that could not be posted at all (connection refused, time-out). */
  unreachable = 0;
  private scheduled = 0;
  private inFlight = 0;
  private readonly queue: Array<() => Promise<void>> = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly random: () => number;
  private readonly concurrency: number;
  private readonly onDelivery = (d: FakeDelivery) => this.receive(d);
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly fake: FakeViberApi,
    private readonly opts: ReceiptSenderOptions,
  ) {
    this.random = opts.random ?? Math.random;
    this.concurrency = opts.concurrency ?? 64;
  }

  start(): void {
    this.fake.on('message', this.onDelivery);
  }

  /** Stops taking new messages; receipts already scheduled still go out (see `drain`). */
  stop(): void {
    this.fake.off('message', this.onDelivery);
  }

  /** Drops receipts not yet posted. */
  cancel(): void {
    this.stop();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.queue.length = 0;
    this.scheduled = 0;
    this.settle();
  }

  /** Receipts scheduled or in flight. */
  get pending(): number {
    return this.scheduled + this.queue.length + this.inFlight;
  }

  /** Resolves once every scheduled receipt has been answered (bounded by the caller). */
  drain(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private receive(d: FakeDelivery): void {
    if (this.opts.via && d.via !== this.opts.via) return;
    const deliveredAfter = drawDelay(this.opts.delivered, this.random);
    const seenAfter = deliveredAfter + drawDelay(this.opts.seen, this.random);
    this.later(deliveredAfter, () => this.enqueue('delivered', d));
    this.later(seenAfter, () => this.enqueue('seen', d));
  }

  private later(ms: number, fn: () => void): void {
    this.scheduled++;
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.scheduled--;
      fn();
    }, ms);
    this.timers.add(t);
  }

  private enqueue(event: 'delivered' | 'seen', d: FakeDelivery): void {
    this.queue.push(async () => {
      const payload = receiptCallback(event, d.receiver, d.messageToken, Date.now());
      const t = performance.now();
      try {
        const status = await this.opts.post(payload);
        const answeredAt = performance.now();
        this.posted.push({ event, status, ackMs: answeredAt - t, answeredAt });
      } catch {
        this.unreachable++;
      }
    });
    this.pump();
  }

  private pump(): void {
    while (this.inFlight < this.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.inFlight++;
      void job().finally(() => {
        this.inFlight--;
        this.pump();
        this.settle();
      });
    }
  }

  private settle(): void {
    if (this.pending > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
