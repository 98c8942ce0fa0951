import { MessageTokenSequence } from './message-token';

describe('MessageTokenSequence', () => {
  it('hands out distinct tokens above 2^53 that stay within a signed 64-bit integer', () => {
    const seq = new MessageTokenSequence();
    const tokens = Array.from({ length: 1000 }, () => seq.take());
    expect(new Set(tokens).size).toBe(1000);
    for (const t of tokens) {
      expect(BigInt(t) > 2n ** 53n).toBe(true);
      expect(BigInt(t) < 2n ** 63n).toBe(true);
    }
  });

  it('counts up from a given start', () => {
    const seq = new MessageTokenSequence(9007199254740993n);
    expect([seq.take(), seq.take()]).toEqual(['9007199254740993', '9007199254740994']);
  });
});
