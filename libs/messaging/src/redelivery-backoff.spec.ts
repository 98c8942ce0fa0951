import { defaultBackoffMs } from './redelivery-backoff';

describe('defaultBackoffMs', () => {
  it('starts at 100 ms, doubles per delivery and stops at 30 s', () => {
    expect([1, 2, 3, 4, 9, 10, 50].map(defaultBackoffMs)).toEqual([
      100, 200, 400, 800, 25_600, 30_000, 30_000,
    ]);
  });
});
