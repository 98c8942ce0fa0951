import {
  afterFailedLogin,
  AFTER_SUCCESSFUL_LOGIN,
  isLocked,
  LockoutPolicy,
  LoginFailures,
} from './login-lockout';

/**
 * The sliding-window decision: with the hits of one key still in the window (oldest first), may one
 * more be counted, or how long until it may. Shared by the in-memory limiter and the PostgreSQL one.
 */
export function slidingWindowDecision(
  hitsInWindow: readonly number[],
  limit: number,
  windowMs: number,
  now: number,
): { allowed: true } | { allowed: false; retryAfterMs: number } {
  if (hitsInWindow.length < limit) return { allowed: true };
  return { allowed: false, retryAfterMs: hitsInWindow[0] + windowMs - now };
}

/** Seconds to announce in Retry-After: at least one. */
export const retryAfterSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/**
 * A sliding-window log: at most `limit` hits per key in any `windowMs`. Keeps at most `limit`
 * timestamps per key, and drops keys whose window has passed, so memory stays bounded by the traffic
 * of one window.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private sweeps = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Records a hit, or says how long until one is allowed (nothing is recorded then). */
  hit(key: string, now: number): { allowed: true } | { allowed: false; retryAfterMs: number } {
    if (++this.sweeps % 1000 === 0) this.sweep(now);
    const since = now - this.windowMs;
    const log = (this.hits.get(key) ?? []).filter((t) => t > since);
    this.hits.set(key, log);
    const decision = slidingWindowDecision(log, this.limit, this.windowMs, now);
    if (decision.allowed) log.push(now);
    return decision;
  }

  private sweep(now: number): void {
    const since = now - this.windowMs;
    for (const [key, log] of this.hits) if (log[log.length - 1] <= since) this.hits.delete(key);
  }
}

/**
 * What bounds password guessing at POST /auth/login. The in-memory LoginThrottle serves one process
 * (unit tests); handoff runs SharedLoginThrottle, whose counts live in PostgreSQL for every replica.
 */
export interface LoginLimiter {
  /** Counts an attempt; the seconds to wait when over a limit, else undefined. */
  admit(ip: string, now: Date): Promise<number | undefined> | number | undefined;
  isLocked(accountId: string, ip: string, now: Date): Promise<boolean> | boolean;
  /** A wrong password for the account from this IP; true when that locks them. */
  failed(accountId: string, ip: string, now: Date): Promise<boolean> | boolean;
  succeeded(accountId: string, ip: string): Promise<void> | void;
}

export interface LoginThrottleOptions {
  perIpPerMinute: number;
  globalPerMinute: number;
  lockout?: LockoutPolicy;
}

/**
 * What bounds password guessing at POST /auth/login, in one process:
 * - a sliding-window limit per client IP and one for all clients together (429 with Retry-After),
 *   so spraying one common password over every account is slow;
 * - a lock after repeated wrong passwords for one account *from one IP*: it stops guessing from
 *   there, and nobody elsewhere can use it to keep a colleague locked out.
 */
export class LoginThrottle implements LoginLimiter {
  private readonly perIp: SlidingWindowLimiter;
  private readonly global: SlidingWindowLimiter;
  private readonly failures = new Map<string, LoginFailures>();

  constructor(private readonly opts: LoginThrottleOptions) {
    this.perIp = new SlidingWindowLimiter(opts.perIpPerMinute, 60_000);
    this.global = new SlidingWindowLimiter(opts.globalPerMinute, 60_000);
  }

  /** Counts an attempt; the seconds to wait when over a limit, else undefined. */
  admit(ip: string, now: Date): number | undefined {
    const byIp = this.perIp.hit(ip, now.getTime());
    if (!byIp.allowed) return retryAfterSeconds(byIp.retryAfterMs);
    const overall = this.global.hit('*', now.getTime());
    if (!overall.allowed) return retryAfterSeconds(overall.retryAfterMs);
    return undefined;
  }

  isLocked(accountId: string, ip: string, now: Date): boolean {
    const state = this.failures.get(`${accountId}|${ip}`);
    return !!state && isLocked(state, now);
  }

  /** A wrong password for the account from this IP; true when that locks them. */
  failed(accountId: string, ip: string, now: Date): boolean {
    const key = `${accountId}|${ip}`;
    const next = afterFailedLogin(this.failures.get(key) ?? AFTER_SUCCESSFUL_LOGIN, now, this.opts.lockout);
    this.failures.set(key, next);
    if (this.failures.size > 100_000) this.forgetOld(now);
    return isLocked(next, now);
  }

  succeeded(accountId: string, ip: string): void {
    this.failures.delete(`${accountId}|${ip}`);
  }

  private forgetOld(now: Date): void {
    for (const [key, state] of this.failures) if (!isLocked(state, now)) this.failures.delete(key);
  }
}
