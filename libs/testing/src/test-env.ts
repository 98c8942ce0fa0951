import { randomBytes } from 'node:crypto';

/**
 * Isolation for integration tests that share one PostgreSQL and one NATS server: every test file
 * gets its own namespace, used as the NATS subject/stream prefix and as the prefix of its
 * database schemas.
 */
export function testNamespace(): string {
  return 't' + randomBytes(5).toString('hex');
}

export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/citizen_desk_test';
}

export function testNatsUrl(): string {
  return process.env.TEST_NATS_URL ?? process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
}

/** Polls until `probe` returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 15000, intervalMs = 25, message = 'condition not met' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v as T;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`${message} within ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ''}`);
}
