import { Envelope, makeEnvelope } from '@citizen-desk/contracts';
import { createServiceDataSource, processOnce } from '@citizen-desk/event-store';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { waitUntilConsumersIdle } from '../../testing/src/idle';
import { eventually, testDatabaseUrl, testNamespace, testNatsUrl } from '../../testing/src/test-env';
import { connectMessaging, Messaging } from './messaging';
import { DeliveryMeta } from './running-consumer';

const ns = testNamespace();
let messaging: Messaging;
const running: Array<{ stop(): Promise<void> }> = [];
const dataSources: DataSource[] = [];

beforeAll(async () => {
  messaging = await connectMessaging({ url: testNatsUrl(), namespace: ns, name: 'messaging-test' });
  await messaging.ensureStream();
});

afterEach(async () => {
  for (const c of running.splice(0)) await c.stop();
});

afterAll(async () => {
  await Promise.all(dataSources.map((d) => d.destroy()));
  const admin = new Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${ns}_store" CASCADE`);
  await admin.end();
  await messaging.deleteKvBuckets();
  await messaging.deleteStream();
  await messaging.close();
});

let citizens = 0;
/** A valid CitizenUnsubscribed on its own subject token, so each test consumes only its own messages. */
function unsubscribed(trace: Envelope['trace'] = {}): Envelope {
  citizens += 1;
  return makeEnvelope({
    type: 'CitizenUnsubscribed',
    version: 1,
    streamId: `citizen-viber:${citizens}`,
    data: { citizenId: `viber:${citizens}`, at: '2026-11-25T10:00:00.000Z' },
    trace,
  });
}

let tests = 0;
function testSubject(): string {
  tests += 1;
  return `${ns}.test-${tests}`;
}

describe('Messaging', () => {
  it('creates the stream idempotently, also when replicas race', async () => {
    await Promise.all([messaging.ensureStream(), messaging.ensureStream(), messaging.ensureStream()]);
    const info = await messaging.jsm.streams.info(`${ns.toUpperCase()}_EVENTS`);
    expect(info.config.subjects).toEqual([`${ns}.>`]);
    expect(info.config.duplicate_window).toBe(3600 * 1e9);
    expect(info.config.max_age).toBe(14 * 24 * 3600 * 1e9);
  });

  it('stores an envelope once when it is published twice', async () => {
    const envelope = unsubscribed();
    const first = await messaging.publish(envelope);
    const second = await messaging.publish(envelope);
    expect(first.duplicate).toBe(false);
    expect(second).toEqual({ seq: first.seq, duplicate: true });
    const stored = await messaging.jsm.streams.getMessage(messaging.streamName, { seq: first.seq });
    expect(stored.subject).toBe(`${ns}.citizen.unsubscribed`);
    expect(stored.json()).toEqual(envelope);
  });

  it('carries the trace context in headers and hands them to the handler', async () => {
    const subject = testSubject();
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const envelope = unsubscribed({ traceparent, tracestate: 'vendor=1' });
    await messaging.publish(envelope, subject);
    const seen: DeliveryMeta[] = [];
    running.push(
      await messaging.consume({
        durable: 'trace',
        filterSubject: subject,
        handler: async (_e, meta) => void seen.push(meta),
      }),
    );
    await eventually(() => seen.length === 1);
    expect(seen[0].subject).toBe(subject);
    expect(seen[0].headers?.get('traceparent')).toBe(traceparent);
    expect(seen[0].headers?.get('tracestate')).toBe('vendor=1');
    expect(seen[0].headers?.get('Nats-Msg-Id')).toBe(envelope.id);
  });

  it('redelivers a message whose handler threw, and acks it once the handler succeeds', async () => {
    const subject = testSubject();
    const envelope = unsubscribed();
    await messaging.publish(envelope, subject);
    const deliveries: Array<{ id: string; deliveryCount: number }> = [];
    const consumer = await messaging.consume({
      durable: 'retry',
      filterSubject: subject,
      backoffMs: () => 10,
      handler: async (e, { deliveryCount }) => {
        deliveries.push({ id: e.id, deliveryCount });
        if (deliveryCount === 1) throw new Error('database busy');
      },
    });
    running.push(consumer);
    await eventually(() => deliveries.length === 2);
    expect(deliveries).toEqual([
      { id: envelope.id, deliveryCount: 1 },
      { id: envelope.id, deliveryCount: 2 },
    ]);
    // Acknowledged with nothing pending: no further delivery can come.
    await waitUntilConsumersIdle(ns, ['retry']);
    expect(deliveries).toHaveLength(2);
  });

  it('terminates messages that can never be handled without holding up the next one', async () => {
    const subject = testSubject();
    await messaging.js.publish(subject, new TextEncoder().encode('{not json'));
    await messaging.js.publish(subject, JSON.stringify({ ...unsubscribed(), type: 'NoSuchEvent' }));
    await messaging.js.publish(
      subject,
      JSON.stringify({ ...unsubscribed(), data: { citizenId: 'no-channel' } }),
    );
    const valid = unsubscribed();
    await messaging.publish(valid, subject);
    const handled: string[] = [];
    const errors: string[] = [];
    const logger = {
      info: () => undefined,
      warn: () => undefined,
      error: (_o: object, msg: string) => void errors.push(msg),
    };
    const withLogger = await connectMessaging({
      url: testNatsUrl(),
      namespace: ns,
      name: 'poison-test',
      logger,
    });
    running.push({ stop: () => withLogger.close() });
    running.unshift(
      await withLogger.consume({
        durable: 'poison',
        filterSubject: subject,
        concurrency: 1,
        handler: async (e) => void handled.push(e.id),
      }),
    );
    await eventually(() => handled.length === 1);
    expect(handled).toEqual([valid.id]);
    expect(errors).toHaveLength(3);
    await eventually(
      async () => (await messaging.jsm.consumers.info(messaging.streamName, 'poison')).num_ack_pending === 0,
    );
    const info = await messaging.jsm.consumers.info(messaging.streamName, 'poison');
    expect(info.num_redelivered).toBe(0);
  });

  it('shares a durable between two replicas without handling any message twice', async () => {
    const subject = testSubject();
    const envelopes = Array.from({ length: 60 }, () => unsubscribed());
    await Promise.all(envelopes.map((e) => messaging.publish(e, subject)));
    const byReplica: Record<string, string[]> = { a: [], b: [] };
    const slowHandler = (replica: 'a' | 'b') => async (e: Envelope) => {
      byReplica[replica].push(e.id);
      await new Promise((r) => setTimeout(r, 5));
    };
    const other = await connectMessaging({ url: testNatsUrl(), namespace: ns, name: 'replica-b' });
    const [a, b] = await Promise.all([
      messaging.consume({
        durable: 'group',
        filterSubject: subject,
        concurrency: 4,
        handler: slowHandler('a'),
      }),
      other.consume({ durable: 'group', filterSubject: subject, concurrency: 4, handler: slowHandler('b') }),
    ]);
    running.push(a, b);
    await eventually(() => byReplica.a.length + byReplica.b.length >= 60);
    // Every message acknowledged and none left to hand out: the count below is final.
    await waitUntilConsumersIdle(ns, ['group']);
    const all = [...byReplica.a, ...byReplica.b];
    expect(all).toHaveLength(60);
    expect(new Set(all)).toEqual(new Set(envelopes.map((e) => e.id)));
    expect(byReplica.a.length).toBeGreaterThan(0);
    expect(byReplica.b.length).toBeGreaterThan(0);
    await Promise.all(running.splice(0).map((c) => c.stop()));
    await other.close();
  });

  it('runs handlers concurrently up to the limit', async () => {
    const subject = testSubject();
    await Promise.all(Array.from({ length: 10 }, () => messaging.publish(unsubscribed(), subject)));
    let now = 0;
    let peak = 0;
    let done = 0;
    running.push(
      await messaging.consume({
        durable: 'parallel',
        filterSubject: subject,
        concurrency: 3,
        handler: async () => {
          now += 1;
          peak = Math.max(peak, now);
          await new Promise((r) => setTimeout(r, 50));
          now -= 1;
          done += 1;
        },
      }),
    );
    await eventually(() => done === 10);
    expect(peak).toBe(3);
  });

  it('waits in stop() for the handler in flight, which then gets acked', async () => {
    const subject = testSubject();
    await messaging.publish(unsubscribed(), subject);
    let started = false;
    let finished = false;
    const consumer = await messaging.consume({
      durable: 'graceful',
      filterSubject: subject,
      handler: async () => {
        started = true;
        await new Promise((r) => setTimeout(r, 300));
        finished = true;
      },
    });
    await eventually(() => started);
    await consumer.stop();
    expect(finished).toBe(true);
    await eventually(
      async () =>
        (await messaging.jsm.consumers.info(messaging.streamName, 'graceful')).num_ack_pending === 0,
    );
  });

  it('updates an existing durable when its settings change', async () => {
    const subject = testSubject();
    const handler = async () => undefined;
    running.push(
      await messaging.consume({ durable: 'tuned', filterSubject: subject, maxDeliver: 5, handler }),
    );
    await Promise.all(running.splice(0).map((c) => c.stop()));
    running.push(
      await messaging.consume({ durable: 'tuned', filterSubject: subject, maxDeliver: 7, handler }),
    );
    expect((await messaging.jsm.consumers.info(messaging.streamName, 'tuned')).config.max_deliver).toBe(7);
  });

  it('has one effect in PostgreSQL when the same envelope arrives twice', async () => {
    const dataSource = await createServiceDataSource({ url: testDatabaseUrl(), schema: `${ns}_store` });
    dataSources.push(dataSource);
    await dataSource.query('CREATE TABLE unsubscribed (citizen_id text NOT NULL)');
    const subject = testSubject();
    const envelope = unsubscribed();
    // The same envelope under another Nats-Msg-Id gets past JetStream's de-duplication: only processOnce stops it.
    await messaging.publish(envelope, subject);
    await messaging.js.publish(subject, JSON.stringify(envelope), { msgID: `${envelope.id}-again` });
    let deliveries = 0;
    let effectCommittedOnce = false;
    running.push(
      await messaging.consume({
        durable: 'once',
        filterSubject: subject,
        backoffMs: () => 10,
        handler: async (e) => {
          deliveries += 1;
          await processOnce(dataSource, 'once', e.id, async (m) => {
            await m.query('INSERT INTO unsubscribed (citizen_id) VALUES ($1)', [
              (e.data as { citizenId: string }).citizenId,
            ]);
          });
          // The first delivery fails after its effect committed (a lost ack): the redelivery must be a no-op.
          if (!effectCommittedOnce) {
            effectCommittedOnce = true;
            throw new Error('crashed before ack');
          }
        },
      }),
    );
    await eventually(() => deliveries === 3);
    // The last delivery is acknowledged (after its handler) and nothing is left to redeliver.
    await waitUntilConsumersIdle(ns, ['once']);
    expect(deliveries).toBe(3);
    expect(await dataSource.query('SELECT citizen_id FROM unsubscribed')).toEqual([
      { citizen_id: (envelope.data as { citizenId: string }).citizenId },
    ]);
  });

  it('opens a key-value bucket of the namespace, idempotently', async () => {
    const kv = await messaging.kv('rate');
    await kv.put('budget', '10');
    const again = await messaging.kv('rate');
    expect((await again.get('budget'))?.string()).toBe('10');
    expect(messaging.isHealthy()).toBe(true);
  });

  it('says clearly when NATS is not running and how to start it', async () => {
    await expect(connectMessaging({ url: 'nats://127.0.0.1:1', namespace: ns, name: 'x' })).rejects.toThrow(
      /NATS is not reachable at nats:\/\/127\.0\.0\.1:1 .*docker compose up -d nats/,
    );
  });
});
