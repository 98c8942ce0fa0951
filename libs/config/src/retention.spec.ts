import { analyticsEnvSchema, broadcastEnvSchema, commonEnvSchema, gatewayEnvSchema, loadConfig } from './env';
import { retentionProblems } from './retention';

describe('retention settings', () => {
  it('keep processed message ids longer than the stream keeps messages, by default', () => {
    expect(retentionProblems(loadConfig(gatewayEnvSchema, {}))).toEqual([]);
  });

  it('refuse to forget a processed id while the stream may deliver its message again', () => {
    const config = loadConfig(commonEnvSchema, {
      PROCESSED_MESSAGES_RETENTION_DAYS: '14',
      NATS_STREAM_MAX_AGE_DAYS: '14',
    });
    expect(retentionProblems(config)).toEqual([
      expect.stringMatching(/^PROCESSED_MESSAGES_RETENTION_DAYS: must be more/),
    ]);
    const gateway = loadConfig(gatewayEnvSchema, { SENT_MESSAGE_RETENTION_DAYS: '7' });
    expect(retentionProblems(gateway)).toEqual([expect.stringMatching(/^SENT_MESSAGE_RETENTION_DAYS/)]);
  });

  it('refuse to drop a subscriber or citizen row while an older state of it may still be delivered', () => {
    expect(retentionProblems(loadConfig(broadcastEnvSchema, {}))).toEqual([]);
    expect(retentionProblems(loadConfig(analyticsEnvSchema, {}))).toEqual([]);
    const broadcast = loadConfig(broadcastEnvSchema, { UNSUBSCRIBED_SUBSCRIBER_RETENTION_DAYS: '14' });
    expect(retentionProblems(broadcast)).toEqual([
      expect.stringMatching(/^UNSUBSCRIBED_SUBSCRIBER_RETENTION_DAYS: must be more/),
    ]);
    const analytics = loadConfig(analyticsEnvSchema, { ANALYTICS_CITIZEN_RETENTION_DAYS: '3' });
    expect(retentionProblems(analytics)).toEqual([
      expect.stringMatching(/^ANALYTICS_CITIZEN_RETENTION_DAYS: must be more/),
    ]);
  });

  it('refuse a retention of less than a day', () => {
    expect(() =>
      loadConfig(gatewayEnvSchema, { CONVERSATION_RETENTION_DAYS: '0', SENT_MESSAGE_RETENTION_DAYS: '0' }),
    ).toThrow(/SENT_MESSAGE_RETENTION_DAYS/);
  });
});
