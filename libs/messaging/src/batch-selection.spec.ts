import { inStreamOrder, retryDelayMs, takeBatch } from './batch-selection';
import { defaultBackoffMs } from './redelivery-backoff';

const item = (key: string, streamSeq: number) => ({ key, streamSeq });
const keyOf = (i: { key: string }) => i.key;

describe('takeBatch', () => {
  it('takes up to the batch size in arrival order and keeps the rest in order', () => {
    const waiting = [item('a', 1), item('b', 2), item('c', 3), item('d', 4)];
    const { batch, rest } = takeBatch(waiting, 3, new Set(), keyOf);
    expect(batch.map((i) => i.streamSeq)).toEqual([1, 2, 3]);
    expect(rest.map((i) => i.streamSeq)).toEqual([4]);
  });

  it('leaves every message of a key in flight behind, and takes the others', () => {
    const waiting = [item('a', 1), item('b', 2), item('a', 3), item('c', 4)];
    const { batch, rest } = takeBatch(waiting, 10, new Set(['a']), keyOf);
    expect(batch.map((i) => i.streamSeq)).toEqual([2, 4]);
    expect(rest.map((i) => i.streamSeq)).toEqual([1, 3]);
  });

  it('keeps all messages of one key together in a batch', () => {
    const waiting = [item('a', 1), item('a', 2), item('a', 3)];
    expect(takeBatch(waiting, 10, new Set(), keyOf).batch).toHaveLength(3);
  });
});

describe('inStreamOrder', () => {
  it('orders a batch by stream sequence, so a redelivered earlier message goes first', () => {
    const batch = [item('a', 9), item('b', 3), item('a', 4)];
    expect(inStreamOrder(batch).map((i) => i.streamSeq)).toEqual([3, 4, 9]);
    expect(batch.map((i) => i.streamSeq)).toEqual([9, 3, 4]);
  });
});

describe('retryDelayMs', () => {
  it('is the back-off of the delivery for a failed message', () => {
    expect(retryDelayMs(3, undefined, defaultBackoffMs)).toBe(400);
  });

  it('makes a held message wait longer than the failed one it is held behind', () => {
    expect(retryDelayMs(1, 4, defaultBackoffMs)).toBeGreaterThan(defaultBackoffMs(4));
    expect(retryDelayMs(6, 1, defaultBackoffMs)).toBe(defaultBackoffMs(6));
  });
});
