import { randomInt } from 'node:crypto';

/**
 * Viber's message tokens are 64-bit integers well above 2^53. The fake hands out tokens in that range
 * so that any code which passes them through a JS number is caught by tests.
 */
export class MessageTokenSequence {
  private next: bigint;

  constructor(start?: bigint) {
    // Random start per instance: two fakes in one test run do not hand out the same tokens.
    this.next = start ?? 5_490_000_000_000_000_000n + BigInt(randomInt(0, 2 ** 40)) * 1000n;
  }

  take(): string {
    const token = this.next;
    this.next += 1n;
    return token.toString();
  }
}
