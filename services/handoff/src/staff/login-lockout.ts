/**
 * Repeated wrong passwords lock an account for a while, which makes guessing a password online
 * impractical. Failures during a lock do not extend it, so an attacker cannot keep a colleague locked
 * out for longer than one lock by hammering the login.
 */
export interface LockoutPolicy {
  maxFailures: number;
  lockMs: number;
}
export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMs: 15 * 60 * 1000 };

export interface LoginFailures {
  failedLogins: number;
  lockedUntil: Date | null;
}

export function isLocked(state: LoginFailures, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

export function afterFailedLogin(
  state: LoginFailures,
  now: Date,
  policy: LockoutPolicy = DEFAULT_LOCKOUT,
): LoginFailures {
  if (isLocked(state, now)) return state;
  // A lock that has run out starts a fresh count.
  const failedLogins = (state.lockedUntil ? 0 : state.failedLogins) + 1;
  if (failedLogins >= policy.maxFailures)
    return { failedLogins: 0, lockedUntil: new Date(now.getTime() + policy.lockMs) };
  return { failedLogins, lockedUntil: null };
}

export const AFTER_SUCCESSFUL_LOGIN: LoginFailures = { failedLogins: 0, lockedUntil: null };
