import { DataSource, EntityManager } from 'typeorm';
import {
  afterFailedLogin,
  AFTER_SUCCESSFUL_LOGIN,
  DEFAULT_LOCKOUT,
  isLocked,
  LockoutPolicy,
} from './login-lockout';
import {
  LoginLimiter,
  LoginThrottleOptions,
  retryAfterSeconds,
  slidingWindowDecision,
} from './login-throttle';

const WINDOW_MS = 60_000;
/** Wrong-password counts that never led to a lock are forgotten after a day without another. */
const FAILURES_KEPT_MS = 24 * 3600_000;
/** Every this many admissions a replica deletes what every key has let expire. */
const SWEEP_EVERY = 500;

/**
 * The sign-in limits of every handoff replica together, in PostgreSQL (tables `login_attempts` and
 * `login_failures`): an attacker gains nothing by spreading attempts over replicas, and a restart
 * forgets nothing. One key's window is read and written under a transaction-scoped advisory lock, so
 * two replicas never both admit the last allowed attempt. Decisions are the same pure functions as
 * the in-memory LoginThrottle's.
 */
export class SharedLoginThrottle implements LoginLimiter {
  private admissions = 0;
  private readonly lockout: LockoutPolicy;

  constructor(
    private readonly dataSource: DataSource,
    private readonly opts: LoginThrottleOptions,
  ) {
    this.lockout = opts.lockout ?? DEFAULT_LOCKOUT;
  }

  async admit(ip: string, now: Date): Promise<number | undefined> {
    if (++this.admissions % SWEEP_EVERY === 0) await this.sweep(now);
    // Per address first (a refused address is not counted overall), then overall; always in this
    // order, so the two locks are never taken the other way round.
    return this.dataSource.transaction(async (m) => {
      const byIp = await hit(m, `ip:${ip}`, this.opts.perIpPerMinute, now);
      if (byIp !== undefined) return byIp;
      return hit(m, '*', this.opts.globalPerMinute, now);
    });
  }

  async isLocked(accountId: string, ip: string, now: Date): Promise<boolean> {
    const rows: Array<{ failed_logins: number; locked_until: Date | null }> = await this.dataSource.query(
      'SELECT failed_logins, locked_until FROM login_failures WHERE account_id = $1 AND client_ip = $2',
      [accountId, ip],
    );
    return (
      rows.length > 0 &&
      isLocked({ failedLogins: rows[0].failed_logins, lockedUntil: rows[0].locked_until }, now)
    );
  }

  async failed(accountId: string, ip: string, now: Date): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO login_failures (account_id, client_ip, failed_logins, locked_until, updated_at)
         VALUES ($1, $2, 0, NULL, $3) ON CONFLICT (account_id, client_ip) DO NOTHING`,
        [accountId, ip, now],
      );
      const [row]: Array<{ failed_logins: number; locked_until: Date | null }> = await m.query(
        'SELECT failed_logins, locked_until FROM login_failures WHERE account_id = $1 AND client_ip = $2 FOR UPDATE',
        [accountId, ip],
      );
      const next = afterFailedLogin(
        row ? { failedLogins: row.failed_logins, lockedUntil: row.locked_until } : AFTER_SUCCESSFUL_LOGIN,
        now,
        this.lockout,
      );
      await m.query(
        `UPDATE login_failures SET failed_logins = $3, locked_until = $4, updated_at = $5
         WHERE account_id = $1 AND client_ip = $2`,
        [accountId, ip, next.failedLogins, next.lockedUntil, now],
      );
      return isLocked(next, now);
    });
  }

  async succeeded(accountId: string, ip: string): Promise<void> {
    await this.dataSource.query('DELETE FROM login_failures WHERE account_id = $1 AND client_ip = $2', [
      accountId,
      ip,
    ]);
  }

  /** Forgets attempts out of every window and failures that no longer matter. Idempotent. */
  async sweep(now: Date): Promise<void> {
    await this.dataSource.query('DELETE FROM login_attempts WHERE at <= $1', [
      new Date(now.getTime() - WINDOW_MS),
    ]);
    await this.dataSource.query(
      'DELETE FROM login_failures WHERE (locked_until IS NULL OR locked_until <= $1) AND updated_at <= $2',
      [now, new Date(now.getTime() - FAILURES_KEPT_MS)],
    );
  }
}

/** Counts one attempt under `key` unless its window is full: then the seconds to wait. */
async function hit(m: EntityManager, key: string, limit: number, now: Date): Promise<number | undefined> {
  await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`login-throttle:${key}`]);
  await m.query('DELETE FROM login_attempts WHERE key = $1 AND at <= $2', [
    key,
    new Date(now.getTime() - WINDOW_MS),
  ]);
  const rows: Array<{ at: Date }> = await m.query(
    'SELECT at FROM login_attempts WHERE key = $1 ORDER BY at LIMIT $2',
    [key, limit],
  );
  const decision = slidingWindowDecision(
    rows.map((r) => new Date(r.at).getTime()),
    limit,
    WINDOW_MS,
    now.getTime(),
  );
  if (!decision.allowed) return retryAfterSeconds(decision.retryAfterMs);
  await m.query('INSERT INTO login_attempts (key, at) VALUES ($1, $2)', [key, now]);
  return undefined;
}
