import { cappedBackoff, defaultBackoffMs } from './redelivery-backoff';

describe('defaultBackoffMs', () => {
  it('starts at 100 ms, doubles per delivery and stops at 30 s', () => {
    expect([1, 2, 3, 4, 9, 10, 50].map(defaultBackoffMs)).toEqual([
      100, 200, 400, 800, 25_600, 30_000, 30_000,
    ]);
  });
});

describe('cappedBackoff', () => {
  it('uses the configured base and cap, and stays finite however often a message came back', () => {
    const backoff = cappedBackoff(5, 50);
    expect([1, 2, 3, 4, 5, 100_000].map(backoff)).toEqual([5, 10, 20, 40, 50, 50]);
  });
});
