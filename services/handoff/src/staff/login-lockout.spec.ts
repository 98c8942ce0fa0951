import { afterFailedLogin, isLocked, LoginFailures } from './login-lockout';

const now = new Date('2026-03-01T08:00:00.000Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const clean: LoginFailures = { failedLogins: 0, lockedUntil: null };

describe('login lockout', () => {
  it('counts failures and locks for 15 minutes at the fifth', () => {
    let state = clean;
    for (let i = 1; i <= 4; i++) {
      state = afterFailedLogin(state, now);
      expect(state).toEqual({ failedLogins: i, lockedUntil: null });
      expect(isLocked(state, now)).toBe(false);
    }
    state = afterFailedLogin(state, now);
    expect(state.lockedUntil).toEqual(later(15 * 60 * 1000));
    expect(isLocked(state, later(15 * 60 * 1000 - 1))).toBe(true);
    expect(isLocked(state, later(15 * 60 * 1000))).toBe(false);
  });

  it('does not extend a lock with failures during it', () => {
    const locked = { failedLogins: 0, lockedUntil: later(60_000) };
    expect(afterFailedLogin(locked, now)).toBe(locked);
  });

  it('starts counting afresh when a lock has run out', () => {
    expect(afterFailedLogin({ failedLogins: 3, lockedUntil: later(-1) }, now)).toEqual({
      failedLogins: 1,
      lockedUntil: null,
    });
  });
});
