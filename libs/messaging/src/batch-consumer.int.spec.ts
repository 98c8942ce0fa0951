import { Envelope, makeEnvelope } from '@citizen-desk/contracts';
import { createServiceDataSource, EventStore } from '@citizen-desk/event-store';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { waitUntilConsumersIdle } from '../../testing/src/idle';
import { eventually, testDatabaseUrl, testNamespace, testNatsUrl } from '../../testing/src/test-env';
import { Delivery, DeliveryOutcome } from './delivery';
import { connectMessaging, Messaging } from './messaging';

const ns = testNamespace();
const schema = `${ns}_batch`;
let messaging: Messaging;
let replica: Messaging;
let dataSource: DataSource;
let store: EventStore;
const running: Array<{ stop(): Promise<void> }> = [];

beforeAll(async () => {
  messaging = await connectMessaging({ url: testNatsUrl(), namespace: ns, name: 'batch-test' });
  replica = await connectMessaging({ url: testNatsUrl(), namespace: ns, name: 'batch-test-replica' });
  await messaging.ensureStream();
  dataSource = await createServiceDataSource({ url: testDatabaseUrl(), schema, poolSize: 6 });
  store = new EventStore(dataSource, { namespace: ns });
  await dataSource.query(
    'CREATE TABLE effects (message_id uuid NOT NULL, citizen text NOT NULL, n int NOT NULL)',
  );
});

afterEach(async () => {
  for (const c of running.splice(0)) await c.stop();
  await dataSource.query('TRUNCATE effects, processed_messages');
});

afterAll(async () => {
  await dataSource.destroy();
  const admin = new Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
  await replica.close();
  await messaging.deleteStream();
  await messaging.close();
});

let tests = 0;
function testSubject(): string {
  tests += 1;
  return `${ns}.batch-${tests}`;
}

/** Message `n` of a citizen: its stream is the citizen, which keeps the citizen's messages in order. */
function message(citizen: string, n: number, trace: Envelope['trace'] = {}): Envelope {
  return makeEnvelope({
    type: 'CitizenUnsubscribed',
    version: 1,
    streamId: `citizen-${citizen}`,
    data: { citizenId: `viber:${citizen}`, at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString() },
    trace,
  });
}
const nOf = (d: Delivery) => new Date((d.envelope.data as { at: string }).at).getUTCSeconds();

async function publishAll(subject: string, envelopes: Envelope[]): Promise<void> {
  // Pipelined, as the relay does; one connection keeps them in order.
  await Promise.all(envelopes.map((e) => messaging.publish(e, subject)));
}

/** A batch handler that records an effect per message once, failing where `fails` says. */
function recording(fails: (d: Delivery) => boolean, batches: number[][] = []) {
  return async (batch: Delivery[]): Promise<DeliveryOutcome[]> => {
    batches.push(batch.map(nOf));
    const outcomes = await store.processBatch(
      'test',
      batch.map((d) => ({ id: d.envelope.id, key: d.envelope.streamId, d })),
      {
        effect: async ({ d }, { manager }) => {
          await manager.query('INSERT INTO effects VALUES ($1, $2, $3)', [
            d.envelope.id,
            d.envelope.streamId,
            nOf(d),
          ]);
          if (fails(d)) throw new Error(`message ${nOf(d)} fails`);
        },
      },
    );
    return outcomes.map((o) =>
      o.status === 'failed'
        ? { ok: false, error: o.error }
        : o.status === 'held'
          ? { ok: false, error: new Error('held'), heldBehind: o.behind }
          : { ok: true },
    );
  };
}

/** Says every message of a batch is done. */
const allDone = (batch: Delivery[]): DeliveryOutcome[] => batch.map(() => ({ ok: true }));

const effectsByCitizen = async (): Promise<Record<string, number[]>> => {
  const rows: Array<{ citizen: string; n: number }> = await dataSource.query(
    'SELECT citizen, n FROM effects ORDER BY ctid',
  );
  const out: Record<string, number[]> = {};
  for (const r of rows) (out[r.citizen] ??= []).push(r.n);
  return out;
};

describe('Messaging.consumeBatches', () => {
  it('hands over many messages per batch, decoded once, and acks them after the commit', async () => {
    const subject = testSubject();
    await publishAll(
      subject,
      Array.from({ length: 60 }, (_v, i) => message(`c${i % 6}`, i)),
    );
    const batches: number[][] = [];
    running.push(
      await messaging.consumeBatches({
        durable: 'batches',
        filterSubject: subject,
        batchSize: 25,
        handler: recording(() => false, batches),
      }),
    );
    await waitUntilConsumersIdle(ns, ['batches']);
    expect(batches.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_v, i) => i));
    expect(Math.max(...batches.map((b) => b.length))).toBeGreaterThan(1);
    expect(Object.values(await effectsByCitizen()).flat()).toHaveLength(60);
  });

  it('hands the handler the subject and the headers, with the trace context', async () => {
    const subject = testSubject();
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const envelope = message('a', 1, { traceparent, tracestate: 'vendor=1' });
    await messaging.publish(envelope, subject);
    const seen: Delivery[] = [];
    running.push(
      await messaging.consumeBatches({
        durable: 'trace',
        filterSubject: subject,
        handler: async (batch) => {
          seen.push(...batch);
          return allDone(batch);
        },
      }),
    );
    await waitUntilConsumersIdle(ns, ['trace']);
    expect(seen).toHaveLength(1);
    expect(seen[0].envelope).toEqual(envelope);
    expect(seen[0].subject).toBe(subject);
    expect(seen[0].headers?.get('traceparent')).toBe(traceparent);
    expect(seen[0].headers?.get('tracestate')).toBe('vendor=1');
    expect(seen[0].headers?.get('Nats-Msg-Id')).toBe(envelope.id);
  });

  it('delivers a failed message again, counting its deliveries, and acks it once it succeeds', async () => {
    const subject = testSubject();
    const envelope = message('a', 1);
    await messaging.publish(envelope, subject);
    const deliveries: Array<{ id: string; deliveryCount: number }> = [];
    running.push(
      await messaging.consumeBatches({
        durable: 'retry',
        filterSubject: subject,
        backoffMs: () => 10,
        handler: async (batch) =>
          batch.map((d) => {
            deliveries.push({ id: d.envelope.id, deliveryCount: d.deliveryCount });
            return d.deliveryCount === 1
              ? { ok: false, error: new Error('constraint violated') }
              : { ok: true };
          }),
      }),
    );
    // Acknowledged with nothing pending: no further delivery can come.
    await waitUntilConsumersIdle(ns, ['retry']);
    expect(deliveries).toEqual([
      { id: envelope.id, deliveryCount: 1 },
      { id: envelope.id, deliveryCount: 2 },
    ]);
  });

  it('acknowledges only once the batch committed: a batch that throws is delivered again', async () => {
    const subject = testSubject();
    await publishAll(subject, [message('a', 1), message('b', 2)]);
    let calls = 0;
    const inner = recording(() => false);
    running.push(
      await messaging.consumeBatches({
        durable: 'commit-first',
        filterSubject: subject,
        backoffMs: () => 10,
        handler: async (batch) => {
          calls += 1;
          if (calls === 1) throw new Error('commit failed');
          return inner(batch);
        },
      }),
    );
    await waitUntilConsumersIdle(ns, ['commit-first']);
    expect(calls).toBeGreaterThan(1);
    expect(await effectsByCitizen()).toEqual({ 'citizen-a': [1], 'citizen-b': [2] });
  });

  it('has no second effect when a committed message is delivered again (ack lost)', async () => {
    const subject = testSubject();
    await publishAll(subject, [message('a', 1), message('b', 2)]);
    const inner = recording(() => false);
    let calls = 0;
    running.push(
      await messaging.consumeBatches({
        durable: 'ack-lost',
        filterSubject: subject,
        backoffMs: () => 10,
        handler: async (batch) => {
          calls += 1;
          const outcomes = await inner(batch);
          // Committed, but as if the ack never reached the server.
          return calls === 1 ? outcomes.map(() => ({ ok: false, error: new Error('ack lost') })) : outcomes;
        },
      }),
    );
    await waitUntilConsumersIdle(ns, ['ack-lost']);
    expect(calls).toBeGreaterThan(1);
    expect(await effectsByCitizen()).toEqual({ 'citizen-a': [1], 'citizen-b': [2] });
  });

  it('has one effect when the same envelope is in the stream twice (past the duplicate window)', async () => {
    const subject = testSubject();
    const envelope = message('a', 1);
    // Another Nats-Msg-Id gets past JetStream's de-duplication, as a republish after the window would.
    await messaging.publish(envelope, subject);
    await messaging.js.publish(subject, JSON.stringify(envelope), { msgID: `${envelope.id}-again` });
    const handled: number[][] = [];
    running.push(
      await messaging.consumeBatches({
        durable: 'twice',
        filterSubject: subject,
        handler: recording(() => false, handled),
      }),
    );
    await waitUntilConsumersIdle(ns, ['twice']);
    // One key is never in two batches at once, so the copy came in a batch of its own after the first
    // committed; two copies in one batch: process-batch.int.spec.ts.
    expect(handled).toEqual([[1], [1]]);
    expect(await effectsByCitizen()).toEqual({ 'citizen-a': [1] });
  });

  it('isolates a failing message: its neighbours commit once, its citizen keeps the order sent', async () => {
    const subject = testSubject();
    const sent = Array.from({ length: 30 }, (_v, i) => message(['a', 'b', 'c'][i % 3], i));
    await publishAll(subject, sent);
    const failedOnce = new Set<number>();
    running.push(
      await messaging.consumeBatches({
        durable: 'isolation',
        filterSubject: subject,
        batchSize: 30,
        backoffMs: () => 20,
        handler: recording((d) => {
          // Message 4 of citizen b and 9 of citizen a fail on their first delivery.
          const n = nOf(d);
          if ((n === 4 || n === 9) && !failedOnce.has(n)) {
            failedOnce.add(n);
            return true;
          }
          return false;
        }),
      }),
    );
    await waitUntilConsumersIdle(ns, ['isolation'], { timeoutMs: 20_000 });
    const byCitizen = await effectsByCitizen();
    // Every message once (the failed attempts were rolled back), and each citizen's in the order sent.
    expect(byCitizen['citizen-a']).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
    expect(byCitizen['citizen-b']).toEqual([1, 4, 7, 10, 13, 16, 19, 22, 25, 28]);
    expect(byCitizen['citizen-c']).toEqual([2, 5, 8, 11, 14, 17, 20, 23, 26, 29]);
    expect(failedOnce).toEqual(new Set([4, 9]));
  });

  it('shares a durable consumer between replicas, each message handled once', async () => {
    const subject = testSubject();
    const handledBy: Record<string, number> = { one: 0, two: 0 };
    const slow = (name: string) => {
      const inner = recording(() => false);
      return async (batch: Delivery[]) => {
        handledBy[name] += batch.length;
        await new Promise((r) => setTimeout(r, 20));
        return inner(batch);
      };
    };
    running.push(
      await messaging.consumeBatches({
        durable: 'group',
        filterSubject: subject,
        batchSize: 10,
        handler: slow('one'),
      }),
      await replica.consumeBatches({
        durable: 'group',
        filterSubject: subject,
        batchSize: 10,
        handler: slow('two'),
      }),
    );
    await publishAll(
      subject,
      Array.from({ length: 200 }, (_v, i) => message(`c${i}`, i % 60)),
    );
    await waitUntilConsumersIdle(ns, ['group'], { timeoutMs: 20_000 });
    // Counted before the ledger: no message was handed to both replicas, nor twice to one.
    expect(handledBy.one + handledBy.two).toBe(200);
    expect(handledBy.one).toBeGreaterThan(0);
    expect(handledBy.two).toBeGreaterThan(0);
    expect(Object.values(await effectsByCitizen()).flat()).toHaveLength(200);
  });

  it('dead-letters a broken message and parks an unknown one at once, and hands the next over', async () => {
    const subject = testSubject();
    await messaging.js.publish(subject, new TextEncoder().encode('{not json'));
    await messaging.js.publish(subject, JSON.stringify({ ...message('x', 0), type: 'NoSuchEvent' }));
    await messaging.js.publish(
      subject,
      JSON.stringify({ ...message('y', 0), data: { citizenId: 'no-channel' } }),
    );
    await messaging.publish(message('a', 1), subject);
    const seen: number[][] = [];
    running.push(
      await messaging.consumeBatches({
        durable: 'poison',
        filterSubject: subject,
        handler: recording(() => false, seen),
      }),
    );
    await waitUntilConsumersIdle(ns, ['poison']);
    expect(seen.flat()).toEqual([1]);
    const held = await messaging.deadLetters.list('poison');
    expect(held.map((d) => [d.kind, d.subject, d.failures, d.deliveryCount])).toEqual([
      ['dead', subject, 0, 1],
      ['parked', subject, 0, 1],
      ['dead', subject, 0, 1],
    ]);
    expect(held[0].error).toMatch(/^not JSON: /);
    expect(held[1].error).toMatch(/^unknown event type NoSuchEvent/);
    expect((await messaging.jsm.consumers.info(messaging.streamName, 'poison')).num_redelivered).toBe(0);
  });

  it('handles up to `concurrency` batches at once', async () => {
    const subject = testSubject();
    await publishAll(
      subject,
      Array.from({ length: 10 }, (_v, i) => message(`c${i}`, i)),
    );
    let now = 0;
    let peak = 0;
    running.push(
      await messaging.consumeBatches({
        durable: 'parallel',
        filterSubject: subject,
        batchSize: 1,
        concurrency: 3,
        handler: async (batch) => {
          now += 1;
          peak = Math.max(peak, now);
          // Stay in flight until three are, then a while longer: time for a fourth to start if it could.
          await eventually(() => peak >= 3, { timeoutMs: 5_000 }).catch(() => undefined);
          await new Promise((r) => setTimeout(r, 50));
          now -= 1;
          return allDone(batch);
        },
      }),
    );
    await waitUntilConsumersIdle(ns, ['parallel']);
    expect(peak).toBe(3);
  });

  it('waits in stop() for the batch in flight, which then gets acked', async () => {
    const subject = testSubject();
    await messaging.publish(message('a', 1), subject);
    let started = false;
    let finished = false;
    const consumer = await messaging.consumeBatches({
      durable: 'graceful',
      filterSubject: subject,
      handler: async (batch) => {
        started = true;
        await new Promise((r) => setTimeout(r, 300));
        finished = true;
        return allDone(batch);
      },
    });
    await eventually(() => started);
    await consumer.stop();
    expect(finished).toBe(true);
    await waitUntilConsumersIdle(ns, ['graceful']);
  });

  it('updates an existing durable when its settings change', async () => {
    const subject = testSubject();
    const first = await messaging.consumeBatches({
      durable: 'tuned',
      filterSubject: subject,
      ackWaitMs: 30_000,
      handler: async (batch) => allDone(batch),
    });
    await first.stop();
    running.push(
      await messaging.consumeBatches({
        durable: 'tuned',
        filterSubject: subject,
        ackWaitMs: 45_000,
        handler: async (batch) => allDone(batch),
      }),
    );
    const info = await messaging.jsm.consumers.info(messaging.streamName, 'tuned');
    expect(info.config.ack_wait).toBe(45_000 * 1e6);
  });

  it('never gives a message up on the server: unlimited deliveries, failures counted by the runtime', async () => {
    const subject = testSubject();
    running.push(
      await messaging.consumeBatches({
        durable: 'unlimited',
        filterSubject: subject,
        handler: recording(() => false),
      }),
    );
    const info = await messaging.jsm.consumers.info(messaging.streamName, 'unlimited');
    expect(info.config.max_deliver).toBe(-1);
    expect(info.config.backoff ?? []).toEqual([]);
  });
});
