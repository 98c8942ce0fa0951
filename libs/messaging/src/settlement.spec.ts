import { cappedBackoff } from './redelivery-backoff';
import { describeError, settlementOf, SettlementInput } from './settlement';

const backoffMs = cappedBackoff(10, 1_000);
const base: Omit<SettlementInput, 'outcome'> = {
  deliveryCount: 1,
  failuresBefore: 0,
  maxFailures: 5,
  backoffMs,
};
const bug = new TypeError('x is undefined');
const dbDown = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('settlementOf', () => {
  it('acks a done message', () => {
    expect(settlementOf({ ...base, outcome: { ok: true } })).toEqual({ action: 'ack' });
  });

  it('retries a transient failure without limit and without counting it, back-off capped', () => {
    expect(
      settlementOf({
        ...base,
        deliveryCount: 10_000,
        failuresBefore: 4,
        outcome: { ok: false, error: dbDown },
      }),
    ).toEqual({
      action: 'retry',
      reason: 'transient',
      delayMs: 1_000,
      failures: 4,
    });
  });

  it('counts a non-transient failure and retries it until the last allowed one', () => {
    expect(
      settlementOf({ ...base, deliveryCount: 2, failuresBefore: 3, outcome: { ok: false, error: bug } }),
    ).toEqual({
      action: 'retry',
      reason: 'failed',
      delayMs: 20,
      failures: 4,
    });
  });

  it('dead-letters the message on its maxFailures-th non-transient failure', () => {
    expect(settlementOf({ ...base, failuresBefore: 4, outcome: { ok: false, error: bug } })).toEqual({
      action: 'dead-letter',
      failures: 5,
    });
    expect(settlementOf({ ...base, maxFailures: 1, outcome: { ok: false, error: bug } })).toEqual({
      action: 'dead-letter',
      failures: 1,
    });
  });

  it('holds a message behind a failed one of its key, later than the blocker, without counting a failure', () => {
    expect(
      settlementOf({
        ...base,
        deliveryCount: 1,
        blockerDeliveryCount: 3,
        failuresBefore: 4,
        outcome: { ok: false, error: new Error('held'), heldBehind: 0 },
      }),
    ).toEqual({ action: 'retry', reason: 'held', delayMs: 45, failures: 4 });
  });
});

describe('describeError', () => {
  it('gives one line with the SQLSTATE of a wrapped pg error', () => {
    const e = Object.assign(new Error('duplicate key\nvalue violates'), {
      name: 'QueryFailedError',
      driverError: { code: '23505' },
    });
    expect(describeError(e)).toBe('QueryFailedError [23505]: duplicate key value violates');
  });

  it('keeps a header short', () => {
    expect(describeError(new Error('x'.repeat(5_000)))).toHaveLength(1000);
  });
});
