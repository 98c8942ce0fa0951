import { decideAfterAttempt } from './send-decision';
import { senderAckWaitMs } from './viber-sender';

describe('decideAfterAttempt', () => {
  it('records a sent message with its channel token', () => {
    expect(
      decideAfterAttempt({ outcome: 'ok', messageToken: '5490829281232874001', billingStatus: 1 }),
    ).toEqual({
      action: 'record-sent',
      channelMessageId: '5490829281232874001',
      billingStatus: 1,
    });
  });

  it('does not retry a permanent failure such as a citizen who unsubscribed', () => {
    expect(decideAfterAttempt({ outcome: 'permanent', reason: 'notSubscribed', code: 6 })).toEqual({
      action: 'record-failed',
      reason: 'notSubscribed',
      code: 6,
      permanent: true,
    });
  });

  it('retries transient failures (rate limit, 5xx, network) without giving up', () => {
    for (const result of [
      { outcome: 'retry', reason: 'tooManyRequests', code: 12 },
      { outcome: 'retry', reason: 'HTTP 503' },
      { outcome: 'retry', reason: 'TypeError: fetch failed' },
    ] as const)
      expect(decideAfterAttempt(result)).toEqual({ action: 'retry-later', reason: result.reason });
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
