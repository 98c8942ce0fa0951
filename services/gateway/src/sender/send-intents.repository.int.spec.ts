import { randomUUID } from 'node:crypto';
import { createServiceDataSource } from '@citizen-desk/event-store';
import { cleanupNamespace, testDatabaseUrl, testNamespace } from '@citizen-desk/testing';
import { DataSource } from 'typeorm';
import { gatewayMigrations } from '../migrations';
import { retentionCutoff } from '@citizen-desk/service-kit';
import { IntentRecorder, SendIntentsRepository, sendIntentsRule } from './send-intents.repository';

describe('send intents', () => {
  const ns = testNamespace();
  let a: DataSource;
  let b: DataSource;
  beforeAll(async () => {
    const opts = {
      url: testDatabaseUrl(),
      schema: `${ns}_gateway`,
      migrations: gatewayMigrations,
      poolSize: 3,
    };
    a = await createServiceDataSource(opts);
    b = await createServiceDataSource(opts);
  });
  afterAll(async () => {
    await a.destroy();
    await b.destroy();
    await cleanupNamespace(ns);
  });

  it('forgets intents older than the stream keeps their commands, and keeps the recent ones', async () => {
    const repo = new SendIntentsRepository(a);
    const [old, recent] = [randomUUID(), randomUUID()];
    await repo.record([
      { sendKey: old, commandId: old, kind: 'send_message', resent: false },
      { sendKey: recent, commandId: recent, kind: 'send_message', resent: false },
    ]);
    await a.query(`UPDATE send_intents SET attempted_at = now() - interval '15 days' WHERE send_key = $1`, [
      old,
    ]);
    const rule = sendIntentsRule(14);
    expect(rule.kind).toBe('send-intents');
    expect(
      await rule.deleteOlderThan(a.manager, retentionCutoff(new Date(), rule.days)),
    ).toBeGreaterThanOrEqual(1);
    const left = await repo.find([old, recent]);
    expect(left.has(old)).toBe(false);
    expect(left.has(recent)).toBe(true);
  });

  it('records an intent as calling, found again by its key', async () => {
    const repo = new SendIntentsRepository(a);
    const id = randomUUID();
    const taken = await repo.record([{ sendKey: id, commandId: id, kind: 'send_message', resent: false }]);
    expect(taken.get(id)).toBe(id);
    const found = (await repo.find([id])).get(id);
    expect(found).toMatchObject({ commandId: id, kind: 'send_message', state: 'calling', resent: false });
  });

  it('keeps the resent mark once set, and clears "calling" when Viber answered "try again"', async () => {
    const repo = new SendIntentsRepository(a);
    const id = randomUUID();
    await repo.record([{ sendKey: id, commandId: id, kind: 'send_message', resent: true }]);
    await repo.markAnswered([{ sendKey: id, commandId: id }]);
    expect((await repo.find([id])).get(id)).toMatchObject({ state: 'answered', resent: true });
    await repo.record([{ sendKey: id, commandId: id, kind: 'send_message', resent: false }]);
    expect((await repo.find([id])).get(id)).toMatchObject({ state: 'calling', resent: true });
  });

  it('lets one command at a time call a batch: two replicas racing for it, one wins', async () => {
    const key = `batch:${ns}:1`;
    const [c1, c2] = [randomUUID(), randomUUID()];
    const [r1, r2] = await Promise.all([
      new SendIntentsRepository(a).record([
        { sendKey: key, commandId: c1, kind: 'broadcast_message', resent: false },
      ]),
      new SendIntentsRepository(b).record([
        { sendKey: key, commandId: c2, kind: 'broadcast_message', resent: false },
      ]),
    ]);
    expect([r1.get(key), r2.get(key)].filter(Boolean)).toHaveLength(1);
  });

  it('lets the batch be called again under another command once its last call was answered "try again"', async () => {
    const repo = new SendIntentsRepository(a);
    const key = `batch:${ns}:2`;
    const [c1, c2] = [randomUUID(), randomUUID()];
    await repo.record([{ sendKey: key, commandId: c1, kind: 'broadcast_message', resent: false }]);
    expect(
      (await repo.record([{ sendKey: key, commandId: c2, kind: 'broadcast_message', resent: false }])).size,
    ).toBe(0);
    await repo.markAnswered([{ sendKey: key, commandId: c1 }]);
    expect(
      (await repo.record([{ sendKey: key, commandId: c2, kind: 'broadcast_message', resent: false }])).get(
        key,
      ),
    ).toBe(c2);
  });

  it('writes intents asked for together in few statements, each answered for its own command', async () => {
    const recorder = new IntentRecorder(new SendIntentsRepository(a));
    const key = `batch:${ns}:3`;
    const [c1, c2] = [randomUUID(), randomUUID()];
    const singles = Array.from({ length: 10 }, () => randomUUID());
    const answers = await Promise.all([
      ...singles.map((id) =>
        recorder.record({ sendKey: id, commandId: id, kind: 'send_message', resent: false }),
      ),
      recorder.record({ sendKey: key, commandId: c1, kind: 'broadcast_message', resent: false }),
      recorder.record({ sendKey: key, commandId: c2, kind: 'broadcast_message', resent: false }),
    ]);
    expect(answers.slice(0, 10).every(Boolean)).toBe(true);
    // The same batch twice: exactly one of the two commands may call it.
    expect(answers.slice(10).filter(Boolean)).toHaveLength(1);
  });
});
