import {
  afterFailedLogin,
  AFTER_SUCCESSFUL_LOGIN,
  isLocked,
  LockoutPolicy,
  LoginFailures,
} from './login-lockout';

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
    if (log.length >= this.limit) {
      this.hits.set(key, log);
      return { allowed: false, retryAfterMs: log[0] + this.windowMs - now };
    }
    log.push(now);
    this.hits.set(key, log);
    return { allowed: true };
  }

  private sweep(now: number): void {
    const since = now - this.windowMs;
    for (const [key, log] of this.hits) if (log[log.length - 1] <= since) this.hits.delete(key);
  }
}

export interface LoginThrottleOptions {
  perIpPerMinute: number;
  globalPerMinute: number;
  lockout?: LockoutPolicy;
}

/**
 * What bounds password guessing at POST /auth/login, per handoff replica:
 * - a sliding-window limit per client IP and one for all clients together (429 with Retry-After),
 *   so spraying one common password over every account is slow;
 * - a lock after repeated wrong passwords for one account *from one IP*: it stops guessing from
 *   there, and nobody elsewhere can use it to keep a colleague locked out.
 */
export class LoginThrottle {
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
    if (!byIp.allowed) return Math.ceil(byIp.retryAfterMs / 1000);
    const overall = this.global.hit('*', now.getTime());
    if (!overall.allowed) return Math.ceil(overall.retryAfterMs / 1000);
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
