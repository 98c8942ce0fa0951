import { nextRetryDelayMs, shouldRetry } from './retry-policy';

describe('nextRetryDelayMs', () => {
  it('doubles the ceiling with each attempt, up to the maximum', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5].map((a) => nextRetryDelayMs(a, 500, 60000, top))).toEqual([
      499, 999, 1999, 3999, 7999,
    ]);
    expect(nextRetryDelayMs(20, 500, 60000, top)).toBe(59999);
    expect(nextRetryDelayMs(5000, 500, 60000, top)).toBe(59999);
  });

  it('draws anywhere from zero to the ceiling (full jitter)', () => {
    expect(nextRetryDelayMs(3, 500, 60000, () => 0)).toBe(0);
    expect(nextRetryDelayMs(3, 500, 60000, () => 0.5)).toBe(1000);
    for (let i = 0; i < 200; i++) {
      const d = nextRetryDelayMs(4, 100);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(800);
    }
  });

  it('defaults the maximum to a minute', () => {
    expect(nextRetryDelayMs(30, 1000, undefined, () => 0.999999)).toBe(59999);
  });
});

describe('shouldRetry', () => {
  it('retries only retryable outcomes while attempts remain', () => {
    expect(shouldRetry({ outcome: 'retry' }, 1, 6)).toBe(true);
    expect(shouldRetry({ outcome: 'retry' }, 5, 6)).toBe(true);
    expect(shouldRetry({ outcome: 'retry' }, 6, 6)).toBe(false);
    expect(shouldRetry({ outcome: 'permanent' }, 1, 6)).toBe(false);
    expect(shouldRetry({ outcome: 'ok' }, 1, 6)).toBe(false);
  });
});
