import { createServiceDataSource } from '@citizen-desk/event-store';
import { cleanupNamespace, testDatabaseUrl, testNamespace } from '@citizen-desk/testing';
import { DataSource } from 'typeorm';
import { handoffMigrations } from '../migrations';
import { SharedLoginThrottle } from './shared-login-throttle';

/** Two handoff replicas: each with its own connection pool on the same schema, as in production. */
const ns = testNamespace();
const replicas: DataSource[] = [];
const limits = { perIpPerMinute: 3, globalPerMinute: 5 };
let a: SharedLoginThrottle;
let b: SharedLoginThrottle;

beforeAll(async () => {
  for (let i = 0; i < 2; i++)
    replicas.push(
      await createServiceDataSource({
        url: testDatabaseUrl(),
        schema: `${ns}_handoff`,
        poolSize: 4,
        migrations: handoffMigrations,
        createDatabase: false,
      }),
    );
  a = new SharedLoginThrottle(replicas[0], limits);
  b = new SharedLoginThrottle(replicas[1], limits);
});

beforeEach(async () => {
  await replicas[0].query('TRUNCATE login_attempts, login_failures');
});

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.destroy()));
  await cleanupNamespace(ns);
});

const at = (seconds: number) => new Date(Date.UTC(2026, 2, 1, 8, 0, seconds));

describe('sign-in limits shared by handoff replicas', () => {
  it('counts one address on both replicas together', async () => {
    expect(await a.admit('192.0.2.1', at(0))).toBeUndefined();
    expect(await b.admit('192.0.2.1', at(1))).toBeUndefined();
    expect(await a.admit('192.0.2.1', at(2))).toBeUndefined();
    // The fourth, on either replica, waits until the first leaves the minute.
    expect(await b.admit('192.0.2.1', at(3))).toBe(57);
    expect(await a.admit('192.0.2.1', at(3))).toBe(57);
    expect(await a.admit('192.0.2.9', at(3))).toBeUndefined();
    expect(await b.admit('192.0.2.1', at(61))).toBeUndefined();
  });

  it('holds the overall limit across replicas and addresses', async () => {
    for (let i = 0; i < 5; i++) expect(await (i % 2 ? a : b).admit(`198.51.100.${i}`, at(i))).toBeUndefined();
    expect(await a.admit('198.51.100.200', at(10))).toBe(50);
    expect(await b.admit('198.51.100.201', at(10))).toBe(50);
  });

  it('admits no more than the limit when replicas race for the last attempts', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).admit('203.0.113.5', at(0))),
    );
    expect(answers.filter((w) => w === undefined)).toHaveLength(limits.perIpPerMinute);
  });

  it('locks an account from one address after wrong passwords on any replica, and a success clears it', async () => {
    for (let i = 0; i < 4; i++) expect(await (i % 2 ? a : b).failed('s1', '192.0.2.1', at(i))).toBe(false);
    await a.succeeded('s1', '192.0.2.1');
    for (let i = 0; i < 4; i++) expect(await (i % 2 ? a : b).failed('s1', '192.0.2.1', at(i))).toBe(false);
    expect(await b.failed('s1', '192.0.2.1', at(5))).toBe(true);
    expect(await a.isLocked('s1', '192.0.2.1', at(6))).toBe(true);
    expect(await b.isLocked('s1', '192.0.2.1', at(6))).toBe(true);
    // Only from that address, and only for 15 minutes.
    expect(await a.isLocked('s1', '192.0.2.2', at(6))).toBe(false);
    expect(await b.isLocked('s1', '192.0.2.1', new Date(at(5).getTime() + 15 * 60_000))).toBe(false);
  });

  it('forgets what has left every window when swept, and keeps a running lock', async () => {
    await a.admit('192.0.2.1', at(0));
    await a.failed('s2', '192.0.2.1', at(0));
    for (let i = 0; i < 5; i++) await a.failed('s3', '192.0.2.1', at(0));
    await b.sweep(new Date(at(0).getTime() + 25 * 3600_000));
    expect(await replicas[0].query('SELECT key FROM login_attempts')).toEqual([]);
    expect(await replicas[0].query('SELECT account_id FROM login_failures')).toEqual([]);
    for (let i = 0; i < 5; i++) await a.failed('s3', '192.0.2.1', at(0));
    await b.sweep(at(60));
    expect(await replicas[0].query('SELECT account_id FROM login_failures')).toEqual([{ account_id: 's3' }]);
  });
});
