import { createServiceDataSource } from '@citizen-desk/event-store';
import { cleanupNamespace, testDatabaseUrl, testNamespace } from '@citizen-desk/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { finishedStreamsRule, processedMessagesRule, RetentionJob, RetentionRule } from './retention';

const ns = testNamespace();
const schema = `${ns}_retention`;
let dataSource: DataSource;
const silent = { info: () => undefined, warn: () => undefined };
const now = new Date('2026-11-30T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

beforeAll(async () => {
  dataSource = await createServiceDataSource({
    url: testDatabaseUrl(),
    schema,
    poolSize: 4,
    createDatabase: false,
  });
});

beforeEach(async () => {
  await dataSource.query('TRUNCATE processed_messages, events');
});

afterAll(async () => {
  await dataSource.destroy();
  await cleanupNamespace(ns);
});

async function processed(consumer: string, at: Date): Promise<string> {
  const id = randomUUID();
  await dataSource.query(
    'INSERT INTO processed_messages (consumer, message_id, processed_at) VALUES ($1, $2, $3)',
    [consumer, id, at],
  );
  return id;
}

async function event(streamId: string, version: number, at: Date): Promise<void> {
  await dataSource.query(
    `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at)
     VALUES ($1, $2, $3, 'Something', 1, '{}', '{}', $4)`,
    [randomUUID(), streamId, version, at],
  );
}

const job = (rules: RetentionRule[]) =>
  new RetentionJob({ dataSource, schema, rules, intervalMs: 3_600_000, logger: silent, now: () => now });

describe('the retention job (real PostgreSQL)', () => {
  it('deletes processed message ids past their retention and keeps the recent ones', async () => {
    const old = await processed('dialog', daysAgo(31));
    const recent = await processed('dialog', daysAgo(29));
    expect(await job([processedMessagesRule(30)]).runOnce()).toEqual({ 'processed-messages': 1 });
    const left = await dataSource.query('SELECT message_id FROM processed_messages');
    expect(left.map((r: { message_id: string }) => r.message_id)).toEqual([recent]);
    expect(left.map((r: { message_id: string }) => r.message_id)).not.toContain(old);
    // Idempotent: a second run finds nothing more.
    expect(await job([processedMessagesRule(30)]).runOnce()).toEqual({ 'processed-messages': 0 });
  });

  it('deletes a whole stream whose last event is past retention, and no stream with a recent event', async () => {
    await event('outbound-old', 1, daysAgo(100));
    await event('outbound-old', 2, daysAgo(95));
    await event('outbound-mixed', 1, daysAgo(100));
    await event('outbound-mixed', 2, daysAgo(10));
    await event('conversation-old', 1, daysAgo(100));
    const counts = await job([finishedStreamsRule('sent-messages', 90, 'outbound-')]).runOnce();
    expect(counts).toEqual({ 'sent-messages': 2 });
    const streams = await dataSource.query('SELECT DISTINCT stream_id FROM events ORDER BY stream_id');
    expect(streams.map((r: { stream_id: string }) => r.stream_id)).toEqual([
      'conversation-old',
      'outbound-mixed',
    ]);
  });

  it('lets one replica run at a time: another skips its turn while the lock is held', async () => {
    await processed('dialog', daysAgo(40));
    const other = new Client({ connectionString: testDatabaseUrl() });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock(hashtext($1))', [`${schema}:retention`]);
      expect(await job([processedMessagesRule(30)]).runOnce()).toBeUndefined();
      expect(await dataSource.query('SELECT count(*)::int AS n FROM processed_messages')).toEqual([{ n: 1 }]);
      await other.query('SELECT pg_advisory_unlock(hashtext($1))', [`${schema}:retention`]);
      expect(await job([processedMessagesRule(30)]).runOnce()).toEqual({ 'processed-messages': 1 });
    } finally {
      await other.end();
    }
  });

  it('runs every rule a service adds next to the runtime’s', async () => {
    await processed('gateway', daysAgo(40));
    await event('outbound-x', 1, daysAgo(200));
    const j = job([processedMessagesRule(30)]);
    j.add(finishedStreamsRule('sent-messages', 90, 'outbound-'));
    expect(j.kinds).toEqual(['processed-messages', 'sent-messages']);
    expect(await j.runOnce()).toEqual({ 'processed-messages': 1, 'sent-messages': 1 });
  });
});
