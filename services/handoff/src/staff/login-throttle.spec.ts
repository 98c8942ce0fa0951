import { LoginThrottle, SlidingWindowLimiter } from './login-throttle';

describe('SlidingWindowLimiter', () => {
  it('allows `limit` hits in any window and says when the next one is allowed', () => {
    const limiter = new SlidingWindowLimiter(3, 60_000);
    expect(limiter.hit('a', 0).allowed).toBe(true);
    expect(limiter.hit('a', 10_000).allowed).toBe(true);
    expect(limiter.hit('a', 20_000).allowed).toBe(true);
    expect(limiter.hit('a', 30_000)).toEqual({ allowed: false, retryAfterMs: 30_000 });
    expect(limiter.hit('b', 30_000).allowed).toBe(true);
    // Sliding, not fixed: the first hit leaves the window at 60 s, the second at 70 s.
    expect(limiter.hit('a', 60_001).allowed).toBe(true);
    expect(limiter.hit('a', 60_002)).toEqual({ allowed: false, retryAfterMs: 9_998 });
  });
});

describe('LoginThrottle', () => {
  const now = new Date('2026-03-01T08:00:00Z');

  it('counts per address first, then overall', () => {
    const throttle = new LoginThrottle({ perIpPerMinute: 2, globalPerMinute: 3 });
    expect(throttle.admit('a', now)).toBeUndefined();
    expect(throttle.admit('a', now)).toBeUndefined();
    expect(throttle.admit('a', now)).toBe(60);
    expect(throttle.admit('b', now)).toBeUndefined();
    expect(throttle.admit('c', now)).toBe(60);
  });

  it('locks an account for one address only, and a success there clears the count', () => {
    const throttle = new LoginThrottle({ perIpPerMinute: 100, globalPerMinute: 100 });
    for (let i = 0; i < 4; i++) expect(throttle.failed('s1', 'a', now)).toBe(false);
    throttle.succeeded('s1', 'a');
    for (let i = 0; i < 4; i++) expect(throttle.failed('s1', 'a', now)).toBe(false);
    expect(throttle.failed('s1', 'a', now)).toBe(true);
    expect(throttle.isLocked('s1', 'a', now)).toBe(true);
    expect(throttle.isLocked('s1', 'b', now)).toBe(false);
    expect(throttle.isLocked('s2', 'a', now)).toBe(false);
    expect(throttle.isLocked('s1', 'a', new Date(now.getTime() + 15 * 60_000))).toBe(false);
  });
});
