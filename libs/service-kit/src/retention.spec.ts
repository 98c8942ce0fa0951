import { jitteredIntervalMs, retentionCutoff } from './retention';

describe('retention timing', () => {
  it('counts the cutoff back from now by whole days', () => {
    expect(retentionCutoff(new Date('2026-11-30T12:00:00Z'), 30)).toEqual(new Date('2026-10-31T12:00:00Z'));
  });

  it('spreads runs over ±10 % of the interval', () => {
    expect(jitteredIntervalMs(3_600_000, 0)).toBe(3_240_000);
    expect(jitteredIntervalMs(3_600_000, 0.5)).toBe(3_600_000);
    expect(jitteredIntervalMs(3_600_000, 0.999999)).toBeLessThan(3_960_000);
  });
});
