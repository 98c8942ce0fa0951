import { decideAfterAttempt } from './send-decision';
import { senderAckWaitMs } from './viber-sender';

const policy = { maxAttempts: 3 };

describe('decideAfterAttempt', () => {
  it('records a sent message with its channel token', () => {
    expect(
      decideAfterAttempt({ outcome: 'ok', messageToken: '5490829281232874001', billingStatus: 1 }, 1, policy),
    ).toEqual({
      action: 'record-sent',
      channelMessageId: '5490829281232874001',
      billingStatus: 1,
    });
  });

  it('does not retry a permanent failure such as a citizen who unsubscribed', () => {
    expect(decideAfterAttempt({ outcome: 'permanent', reason: 'notSubscribed', code: 6 }, 1, policy)).toEqual(
      {
        action: 'record-failed',
        reason: 'notSubscribed',
        code: 6,
        permanent: true,
      },
    );
  });

  it('retries a rate-limit answer while attempts are left, then gives up after the last attempt', () => {
    const retry = { outcome: 'retry', reason: 'tooManyRequests', code: 12 } as const;
    expect(decideAfterAttempt(retry, 1, policy)).toEqual({
      action: 'retry-later',
      reason: 'tooManyRequests',
    });
    expect(decideAfterAttempt(retry, 2, policy)).toEqual({
      action: 'retry-later',
      reason: 'tooManyRequests',
    });
    expect(decideAfterAttempt(retry, 3, policy)).toEqual({
      action: 'record-failed',
      reason: 'gave up after 3 attempts: tooManyRequests',
      code: 12,
      permanent: false,
    });
  });
});

describe('senderAckWaitMs', () => {
  const budgets = (send: number, broadcast: number) => ({
    sendBudget: { ratePerSecond: send },
    broadcastBudget: { ratePerSecond: broadcast },
  });
  it('redelivers an interrupted command after 30 s at the usual rates', () => {
    expect(senderAckWaitMs({ concurrency: 32, requestTimeoutMs: 10_000, ...budgets(300, 50) })).toBe(30_000);
  });
  it('waits longer when a slow budget makes handlers queue, so no command is sent twice at once', () => {
    expect(senderAckWaitMs({ concurrency: 32, requestTimeoutMs: 10_000, ...budgets(300, 0.5) })).toBe(
      64_000 + 20_000,
    );
  });
});
