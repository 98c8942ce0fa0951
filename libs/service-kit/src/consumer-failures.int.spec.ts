import { commonEnvSchema, loadConfig } from '@citizen-desk/config';
import { Envelope, makeEnvelope } from '@citizen-desk/contracts';
import { metricsRegistry } from '@citizen-desk/observability';
import {
  cleanupNamespace,
  eventually,
  serviceTestEnv,
  testNamespace,
  waitUntilConsumersIdle,
} from '@citizen-desk/testing';
import { DeadLetterStore } from '@citizen-desk/messaging';
import { headers as natsHeaders } from 'nats';
import { Client } from 'pg';
import { EntityManager } from 'typeorm';
import { issueTestStaffToken, StaffRole } from '@citizen-desk/auth';
import { createHttpApp, listeningUrl } from './http-app';
import { ServiceRuntime } from './service-runtime';

/**
 * What becomes of messages a handler cannot take, against real PostgreSQL and NATS: transient
 * failures retried without limit, poison messages dead-lettered with their error after
 * CONSUMER_MAX_FAILURES (3 here), unknown types parked, both replayable; and the outbox flushed whole
 * at shutdown.
 */
const ns = testNamespace();
let runtime: ServiceRuntime;
let tests = 0;

async function metricValue(name: string, labels: Record<string, string>): Promise<number> {
  const metric = metricsRegistry.getSingleMetric(name);
  if (!metric) return 0;
  const values = (await metric.get()).values as Array<{ labels: Record<string, unknown>; value: number }>;
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want))
    .reduce((sum, v) => sum + v.value, 0);
}

beforeAll(async () => {
  runtime = await ServiceRuntime.start({
    service: 'failures',
    config: loadConfig(
      commonEnvSchema,
      serviceTestEnv(ns, {
        CONSUMER_RETRY_BASE_MS: '5',
        CONSUMER_RETRY_MAX_MS: '25',
        CONSUMER_MAX_FAILURES: '3',
        SHUTDOWN_TIMEOUT_MS: '20000',
      }),
    ),
  });
  await runtime.dataSource.query('CREATE TABLE effects (message_id uuid NOT NULL, n int NOT NULL)');
});

afterAll(async () => {
  await runtime.stop();
  await cleanupNamespace(ns);
});

/** Each test its own subject (an unsubscription `n` of citizen `c`) and consumers. */
function scenario() {
  tests += 1;
  const durable = `failures-${tests}`;
  // CitizenUnsubscribed lives on citizen.unsubscribed; a subject of its own per test keeps tests apart.
  const subjects = `t${tests}.citizen.unsubscribed`;
  const subject = `${ns}.${subjects}`;
  const message = (citizen: string, n: number): Envelope =>
    makeEnvelope({
      type: 'CitizenUnsubscribed',
      version: 1,
      streamId: `citizen-${citizen}`,
      data: { citizenId: `viber:${citizen}`, at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString() },
    });
  const nOf = (e: Envelope) => new Date((e.data as { at: string }).at).getUTCSeconds();
  const publish = (envelopes: Envelope[]) =>
    Promise.all(envelopes.map((e) => runtime.messaging.publish(e, subject)));
  const effects = async (): Promise<number[]> =>
    (
      (await runtime.dataSource.query('SELECT n FROM effects WHERE message_id = ANY($1::uuid[]) ORDER BY n', [
        [...sent],
      ])) as Array<{ n: number }>
    ).map((r) => r.n);
  const sent = new Set<string>();
  const track = (envelopes: Envelope[]) => {
    for (const e of envelopes) sent.add(e.id);
    return envelopes;
  };
  return { durable, subjects, subject, message, nOf, publish, effects, track };
}

const recordEffect = (manager: EntityManager, e: Envelope, n: number) =>
  manager.query('INSERT INTO effects VALUES ($1, $2)', [e.id, n]);

describe('consumer failures (real PostgreSQL and NATS)', () => {
  it('retries a transient failure beyond the old 20 deliveries, and handles the message once it clears', async () => {
    const s = scenario();
    const [envelope] = s.track([s.message('a', 1)]);
    const deliveries = new Set<number>();
    await runtime.consumeEvents({
      durable: s.durable,
      subjects: s.subjects,
      on: {
        CitizenUnsubscribed: async (e, { manager, deliveryCount }) => {
          deliveries.add(deliveryCount);
          if (deliveryCount <= 25) {
            if (deliveryCount % 2 === 0) {
              // The database refusing connections (nothing listens on port 1).
              const client = new Client({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 1000 });
              await client.connect();
            }
            // A serialization failure raised by PostgreSQL itself.
            await manager.query(
              "DO $$ BEGIN RAISE EXCEPTION 'injected' USING ERRCODE = 'serialization_failure'; END $$",
            );
          }
          await recordEffect(manager, e, s.nOf(e));
        },
      },
    });
    await s.publish([envelope]);
    await waitUntilConsumersIdle(ns, [s.durable], { timeoutMs: 30_000 });
    // Every delivery up to the 26th, the first after the fault cleared: none given up on.
    expect([...deliveries].sort((a, b) => a - b)).toEqual(Array.from({ length: 26 }, (_v, i) => i + 1));
    expect(await s.effects()).toEqual([1]);
    expect(await runtime.messaging.deadLetters.list(`${ns}-${s.durable}`)).toEqual([]);
    const info = await runtime.messaging.jsm.consumers.info(
      runtime.messaging.streamName,
      `${ns}-${s.durable}`,
    );
    expect(info.config.max_deliver).toBe(-1);
  });

  it('dead-letters a poison message with its error; its neighbours commit once; a replay is handled once', async () => {
    const s = scenario();
    const batch = s.track(Array.from({ length: 12 }, (_v, i) => s.message(['a', 'b', 'c'][i % 3], i)));
    const poison = batch[4]; // citizen b, followed by b's 7 and 10
    let poisoned = true;
    const poisonDeliveries = new Set<number>();
    const bystanderSeen = new Map<string, number>();
    await runtime.consumeEvents({
      durable: s.durable,
      subjects: s.subjects,
      batchSize: 12,
      on: {
        CitizenUnsubscribed: async (e, { manager, deliveryCount }) => {
          await recordEffect(manager, e, s.nOf(e));
          if (e.id === poison.id && poisoned) {
            poisonDeliveries.add(deliveryCount);
            // Written, then a bug: the savepoint rolls this message's effect back alone.
            throw new TypeError("Cannot read properties of undefined (reading 'department')");
          }
        },
      },
    });
    // Another consumer of the same subject: it must not see the replay meant for the first one.
    await runtime.consumeEvents({
      durable: `${s.durable}-bystander`,
      subjects: s.subjects,
      on: {
        CitizenUnsubscribed: async (e) => void bystanderSeen.set(e.id, (bystanderSeen.get(e.id) ?? 0) + 1),
      },
    });
    await s.publish(batch);
    await waitUntilConsumersIdle(ns, [s.durable, `${s.durable}-bystander`], { timeoutMs: 30_000 });

    // CONSUMER_MAX_FAILURES deliveries failed, then it left the consumer.
    expect([...poisonDeliveries]).toEqual([1, 2, 3]);
    expect(await s.effects()).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11]);
    const [dead, ...more] = await runtime.messaging.deadLetters.list(`${ns}-${s.durable}`);
    expect(more).toEqual([]);
    expect(dead).toMatchObject({
      kind: 'dead',
      consumer: `${ns}-${s.durable}`,
      subject: s.subject,
      messageId: poison.id,
      type: 'CitizenUnsubscribed',
      failures: 3,
      error: "TypeError: Cannot read properties of undefined (reading 'department')",
    });
    expect(dead.deliveryCount).toBeGreaterThanOrEqual(3);
    expect(Date.parse(dead.at)).not.toBeNaN();
    expect(await metricValue('citizen_desk_dead_letters_total', { consumer: s.durable })).toBe(1);
    expect(await metricValue('citizen_desk_dead_letters', { consumer: s.durable, kind: 'dead' })).toBe(1);

    poisoned = false; // the bug fixed
    expect(await runtime.messaging.deadLetters.replay(`${ns}-${s.durable}`)).toBe(1);
    await eventually(async () => (await s.effects()).length === 12);
    await waitUntilConsumersIdle(ns, [s.durable, `${s.durable}-bystander`]);
    expect(await s.effects()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(await runtime.messaging.deadLetters.list(`${ns}-${s.durable}`)).toEqual([]);
    expect(bystanderSeen.get(poison.id)).toBe(1);
    expect([...bystanderSeen.values()].every((n) => n === 1)).toBe(true);
    expect(await metricValue('citizen_desk_dead_letters', { consumer: s.durable, kind: 'dead' })).toBe(0);
  });

  it('parks unknown event types and versions, handles the rest, and a replay reaches only that consumer', async () => {
    const s = scenario();
    const known = s.track([s.message('a', 1), s.message('a', 2)]);
    const handled: number[] = [];
    const bystanderSeen: string[] = [];
    await runtime.consumeEvents({
      durable: s.durable,
      subjects: s.subjects,
      on: { CitizenUnsubscribed: async (e) => void handled.push(s.nOf(e)) },
    });
    await runtime.consumeBatches({
      durable: `${s.durable}-bystander`,
      subjects: s.subjects,
      handler: async (batch) => {
        for (const d of batch) bystanderSeen.push(d.envelope.id);
        return batch.map(() => ({ ok: true as const }));
      },
    });
    const newerVersion = { ...s.message('a', 3), version: 99 };
    const newerType = { ...s.message('a', 4), type: 'CitizenTeleported' };
    const h = natsHeaders();
    h.set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    await runtime.messaging.publish(known[0], s.subject);
    await runtime.messaging.js.publish(s.subject, JSON.stringify(newerVersion), {
      msgID: newerVersion.id,
      headers: h,
    });
    await runtime.messaging.js.publish(s.subject, JSON.stringify(newerType), { msgID: newerType.id });
    await runtime.messaging.publish(known[1], s.subject);
    await waitUntilConsumersIdle(ns, [s.durable, `${s.durable}-bystander`]);

    expect(handled).toEqual([1, 2]);
    const parked = await runtime.messaging.deadLetters.list(`${ns}-${s.durable}`, { kind: 'parked' });
    expect(parked.map((p) => [p.messageId, p.type, p.version, p.error])).toEqual([
      [newerVersion.id, 'CitizenUnsubscribed', 99, 'unknown version 99 of CitizenUnsubscribed'],
      [newerType.id, 'CitizenTeleported', 1, 'unknown event type CitizenTeleported'],
    ]);
    expect(parked[0].headers.traceparent).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(await metricValue('citizen_desk_parked_messages_total', { consumer: s.durable })).toBe(2);
    expect(await metricValue('citizen_desk_dead_letters', { consumer: s.durable, kind: 'parked' })).toBe(2);

    // Replayed to the original subject: this consumer still does not know them and parks them again.
    expect(await runtime.messaging.deadLetters.replay(`${ns}-${s.durable}`, { kind: 'parked' })).toBe(2);
    await eventually(async () => {
      const again = await runtime.messaging.deadLetters.list(`${ns}-${s.durable}`, { kind: 'parked' });
      return again.length === 2 && again.every((p) => p.seq > parked[1].seq);
    });
    await waitUntilConsumersIdle(ns, [s.durable, `${s.durable}-bystander`]);
    // The bystander parked its own copies the first time, and did not take the replay.
    expect(await runtime.messaging.deadLetters.list(`${ns}-${s.durable}-bystander`)).toHaveLength(2);
    expect(bystanderSeen).toEqual([known[0].id, known[1].id]);
    // Dropped for good.
    expect(await runtime.messaging.deadLetters.drop(`${ns}-${s.durable}`, { kind: 'parked' })).toBe(2);
    expect(await runtime.messaging.deadLetters.list(`${ns}-${s.durable}`)).toEqual([]);
  });

  it('takes up, on start, what an older replica parked and this code now knows', async () => {
    const s = scenario();
    const [envelope] = s.track([s.message('a', 5)]);
    // As an older replica would have parked it: a type it did not know yet.
    await runtime.messaging.deadLetters.put(
      'parked',
      `${ns}-${s.durable}`,
      {
        subject: s.subject,
        seq: 1,
        data: new TextEncoder().encode(JSON.stringify(envelope)),
        headers: undefined,
      },
      { error: 'unknown event type CitizenUnsubscribed', deliveryCount: 1, failures: 0 },
    );
    await runtime.consumeEvents({
      durable: s.durable,
      subjects: s.subjects,
      on: { CitizenUnsubscribed: async (e, { manager }) => recordEffect(manager, e, s.nOf(e)) },
    });
    await eventually(async () => (await s.effects()).length === 1);
    expect(await runtime.messaging.deadLetters.list(`${ns}-${s.durable}`)).toEqual([]);
  });

  it('leaves a parked message on a subject it may not publish on to the operators’ command', async () => {
    const s = scenario();
    const [envelope] = s.track([s.message('a', 7)]);
    // As a service signed in as its own NATS user sees another service's subject.
    const store = new DeadLetterStore(
      runtime.messaging.js,
      runtime.messaging.jsm,
      ns,
      (subject) => subject !== s.subject,
    );
    await store.put(
      'parked',
      `${ns}-${s.durable}`,
      {
        subject: s.subject,
        seq: 1,
        data: new TextEncoder().encode(JSON.stringify(envelope)),
        headers: undefined,
      },
      { error: 'unknown event type CitizenUnsubscribed', deliveryCount: 1, failures: 0 },
    );
    expect(await store.takeUpParked(`${ns}-${s.durable}`)).toBe(0);
    expect((await store.list(`${ns}-${s.durable}`)).map((m) => m.messageId)).toEqual([envelope.id]);
    expect(await store.drop(`${ns}-${s.durable}`)).toBe(1);
  });

  it('lets an admin list, replay and drop a consumer’s dead letters over HTTP, on a service with no staff routes', async () => {
    const s = scenario();
    const [envelope] = s.track([s.message('a', 6)]);
    let poisoned = true;
    await runtime.consumeEvents({
      durable: s.durable,
      subjects: s.subjects,
      maxFailures: 1,
      on: {
        CitizenUnsubscribed: async (e, { manager }) => {
          if (poisoned) throw new RangeError('no such department');
          await recordEffect(manager, e, s.nOf(e));
        },
      },
    });
    await s.publish([envelope]);
    await waitUntilConsumersIdle(ns, [s.durable]);
    // As the gateway: no staff token verifier of its own, so service-kit opens one for the admin routes.
    const app = await createHttpApp({ runtime, controllers: [], port: 0, host: '127.0.0.1' });
    try {
      const url = listeningUrl(app, 0);
      const token = (role: StaffRole) =>
        issueTestStaffToken(
          { sub: `dl-${role}`, email: `dl-${role}@budva.local`, name: role, roles: [role], departments: [] },
          runtime.messaging,
        );
      const admin = { authorization: `Bearer ${await token('admin')}` };
      const call = async (method: string, path: string, headers: Record<string, string> = admin) => {
        const res = await fetch(`${url}${path}`, { method, headers });
        return { status: res.status, body: await res.json() };
      };

      expect((await call('GET', `/admin/dead-letters/${s.durable}`, {})).status).toBe(401);
      const operator = { authorization: `Bearer ${await token('operator')}` };
      expect((await call('GET', `/admin/dead-letters/${s.durable}`, operator)).status).toBe(403);
      expect((await call('GET', '/admin/dead-letters')).body).toContainEqual({
        consumer: s.durable,
        dead: 1,
        parked: 0,
      });
      const listed = await call('GET', `/admin/dead-letters/${s.durable}?kind=dead`);
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual([
        expect.objectContaining({
          messageId: envelope.id,
          error: 'RangeError: no such department',
          subject: s.subject,
        }),
      ]);
      expect((await call('GET', '/admin/dead-letters/someone-elses')).status).toBe(404);
      expect((await call('GET', `/admin/dead-letters/${s.durable}?kind=lost`)).status).toBe(400);

      poisoned = false;
      expect(await call('POST', `/admin/dead-letters/${s.durable}/replay`)).toEqual({
        status: 200,
        body: { replayed: 1 },
      });
      await eventually(async () => (await s.effects()).length === 1);
      expect(await call('DELETE', `/admin/dead-letters/${s.durable}`)).toEqual({
        status: 200,
        body: { dropped: 0 },
      });
    } finally {
      await app.close();
    }
  });

  it('publishes the whole outbox at shutdown (runs last: stops the runtime)', async () => {
    const events = Array.from({ length: 3000 }, (_v, i) =>
      makeEnvelope({
        type: 'CitizenUnsubscribed',
        version: 1,
        streamId: 'citizen-outbox',
        data: { citizenId: 'viber:outbox', at: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 60)).toISOString() },
      }),
    );
    await runtime.eventStore.append('citizen-outbox', 'no-stream', events);
    const { messaging, dataSource, schema } = runtime;
    const check = await ServiceRuntime.start({
      service: 'failures-check',
      config: loadConfig(commonEnvSchema, serviceTestEnv(ns)),
    });
    try {
      await runtime.stop();
      expect(dataSource.isInitialized).toBe(false);
      expect(messaging.isHealthy()).toBe(false);
      const [{ n }] = await check.dataSource.query(`SELECT count(*)::int AS n FROM "${schema}".outbox`);
      expect(n).toBe(0);
      const info = await check.messaging.jsm.streams.info(check.messaging.streamName, {
        subjects_filter: `${ns}.citizen.unsubscribed`,
      });
      expect(info.state.subjects?.[`${ns}.citizen.unsubscribed`]).toBe(3000);
    } finally {
      await check.stop();
    }
  });
});
