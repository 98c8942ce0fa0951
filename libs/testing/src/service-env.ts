import { testDatabaseUrl, testNatsUrl } from './test-env';

/**
 * Environment for starting a service inside a test: the test database, an isolated namespace,
 * random ports and quiet logs. Pass the result to `loadConfig(<service>EnvSchema, env)`.
 */
export function serviceTestEnv(
  namespace: string,
  overrides: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_CREATE: 'false',
    DATABASE_POOL_SIZE: '5',
    NATS_URL: testNatsUrl(),
    NATS_NAMESPACE: namespace,
    NATS_DUPLICATE_WINDOW_SECONDS: '120',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    HOST: '127.0.0.1',
    GATEWAY_PORT: '0',
    DIALOG_PORT: '0',
    HANDOFF_PORT: '0',
    BROADCAST_PORT: '0',
    ANALYTICS_PORT: '0',
    SHUTDOWN_TIMEOUT_MS: '5000',
    // Failed messages come back within a second rather than 30 s.
    CONSUMER_RETRY_BASE_MS: '20',
    CONSUMER_RETRY_MAX_MS: '500',
    // Tests sign in often from one address; the limits have tests of their own.
    STAFF_LOGIN_PER_IP_PER_MINUTE: '10000',
    STAFF_LOGIN_GLOBAL_PER_MINUTE: '10000',
    ...overrides,
  };
}
