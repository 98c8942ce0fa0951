import { Envelope } from '@citizen-desk/contracts';
import { DataSource } from 'typeorm';
import { eventually, testNamespace } from '../../testing/src/test-env';
import { EventStore } from './event-store';
import { dropSchemas, openStore, outboxOf, unsubscribed } from './event-store.test-support';
import { OutboxRelay, OutboxRelayOptions, publishBackoffMs } from './outbox-relay';

const ns = testNamespace();
const schema = `${ns}_store`;
let dataSource: DataSource;
let store: EventStore;
const relays: OutboxRelay[] = [];

beforeAll(async () => {
  dataSource = await openStore(schema);
  store = new EventStore(dataSource, { namespace: ns });
});

afterEach(async () => {
  await Promise.all(relays.splice(0).map((r) => r.stop()));
  await dataSource.query('TRUNCATE outbox');
});

afterAll(async () => {
  await dataSource.destroy();
  await dropSchemas(schema);
});

interface Published {
  subject: string;
  id: string;
  by: string;
}

function relay(name: string, published: Published[], opts: Partial<OutboxRelayOptions> = {}): OutboxRelay {
  const r = new OutboxRelay({
    dataSource,
    schema,
    publish: async (subject: string, envelope: Envelope) => {
      published.push({ subject, id: envelope.id, by: name });
    },
    lockRetryMs: 100,
    ...opts,
  });
  relays.push(r);
  return r;
}

const appendCitizenEvents = async (citizen: number, count: number): Promise<Envelope[]> => {
  const events = Array.from({ length: count }, (_, i) => unsubscribed(`citizen-viber:${citizen}`, i));
  await store.append(`citizen-viber:${citizen}`, 'no-stream', events);
  return events;
};

describe('OutboxRelay', () => {
  it('publishes the outbox in order and deletes what it published', async () => {
    const events = await appendCitizenEvents(1, 25);
    const published: Published[] = [];
    await relay('a', published, { batchSize: 10 }).start();
    await eventually(() => published.length === 25);
    expect(published.map((p) => p.id)).toEqual(events.map((e) => e.id));
    expect(published[0].subject).toBe(`${ns}.citizen.unsubscribed`);
    await eventually(async () => (await outboxOf(dataSource)).length === 0, {
      message: 'outbox not emptied',
    });
  });

  it('wakes on NOTIFY: an append is published long before the next poll', async () => {
    const published: Published[] = [];
    const r = relay('a', published, { pollIntervalMs: 30_000 });
    await r.start();
    await eventually(() => r.isRelaying());
    await new Promise((res) => setTimeout(res, 50)); // let it reach its sleep
    const started = Date.now();
    const [event] = await appendCitizenEvents(2, 1);
    await eventually(() => published.some((p) => p.id === event.id), { timeoutMs: 3000 });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('keeps rows while NATS is down and publishes them in order once it is back', async () => {
    const events = await appendCitizenEvents(3, 5);
    const published: string[] = [];
    let rounds = 0;
    const down = async (_subject: string, envelope: Envelope) => {
      if (envelope.id === events[0].id) rounds += 1;
      if (rounds <= 2) throw new Error('nats down');
      published.push(envelope.id);
    };
    const r = relay('a', [], { publish: down, maxBackoffMs: 50 });
    await r.start();
    await eventually(() => published.length === 5);
    expect(rounds).toBe(3);
    expect(published).toEqual(events.map((e) => e.id));
    await eventually(async () => (await outboxOf(dataSource)).length === 0);
  });

  it('retries from the first failed row, so every row is published and none is lost', async () => {
    const events = await appendCitizenEvents(7, 5);
    const published: string[] = [];
    let failuresLeft = 2;
    const flaky = async (_subject: string, envelope: Envelope) => {
      if (envelope.id === events[2].id && failuresLeft-- > 0) throw new Error('publish timed out');
      published.push(envelope.id);
    };
    const r = relay('a', [], { publish: flaky, maxBackoffMs: 50 });
    await r.start();
    await eventually(async () => (await outboxOf(dataSource)).length === 0);
    // Rows after the failed one were pipelined and go out again on the retry; JetStream drops the repeats by Nats-Msg-Id.
    expect(new Set(published)).toEqual(new Set(events.map((e) => e.id)));
    expect(published.slice(0, 2)).toEqual([events[0].id, events[1].id]);
    expect(published.filter((id) => id === events[2].id)).toHaveLength(1);
  });

  it('lets only one of two relays on the same schema relay, and the other take over when it stops', async () => {
    const published: Published[] = [];
    const a = relay('a', published);
    const b = relay('b', published);
    await Promise.all([a.start(), b.start()]);
    await eventually(() => a.isRelaying() || b.isRelaying());
    const first = await appendCitizenEvents(4, 10);
    await eventually(() => first.every((e) => published.some((p) => p.id === e.id)));
    expect(a.isRelaying() && b.isRelaying()).toBe(false);
    const [leader, follower] = a.isRelaying() ? [a, b] : [b, a];
    expect(new Set(published.map((p) => p.by)).size).toBe(1);

    await leader.stop();
    await eventually(() => follower.isRelaying(), { message: 'the other relay did not take over' });
    const second = await appendCitizenEvents(5, 10);
    await eventually(() => second.every((e) => published.some((p) => p.id === e.id)));
    expect(
      published.filter((p) => second.some((e) => e.id === p.id)).every((p) => p.by !== published[0].by),
    ).toBe(true);
  });

  it('takes over when the relaying connection dies', async () => {
    const published: Published[] = [];
    const a = relay('a', published);
    await a.start();
    await eventually(() => a.isRelaying());
    const b = relay('b', published);
    await b.start();
    const [{ killed }] = await dataSource.query(
      'SELECT count(pg_terminate_backend(pid))::int AS killed FROM pg_stat_activity WHERE application_name = $1 AND pid IN (SELECT pid FROM pg_locks WHERE locktype = $2 AND granted)',
      [`outbox-relay ${schema}`, 'advisory'],
    );
    expect(killed).toBe(1);
    const events = await appendCitizenEvents(6, 3);
    await eventually(() => events.every((e) => published.some((p) => p.id === e.id)));
    expect(a.isRelaying() || b.isRelaying()).toBe(true);
  });

  it('publishes the whole outbox when stopped with a drain deadline, not just the batch in flight', async () => {
    const events = [...(await appendCitizenEvents(101, 900)), ...(await appendCitizenEvents(102, 900))];
    const published: Published[] = [];
    let stopping: Promise<void> | undefined;
    const r = relay('a', published, {
      batchSize: 50,
      publish: async (subject, envelope) => {
        // Stopped while publishing its first batch, as SIGTERM would find it.
        stopping ??= r.stop({ drainUntil: Date.now() + 30_000 });
        await new Promise((res) => setTimeout(res, 1));
        published.push({ subject, id: envelope.id, by: 'a' });
      },
    });
    await r.start();
    await eventually(() => stopping !== undefined);
    await stopping;
    expect(published.map((p) => p.id)).toEqual(events.map((e) => e.id));
    expect(await outboxOf(dataSource)).toEqual([]);
  });

  it('drains on stop even when it had not taken the lock yet', async () => {
    const events = await appendCitizenEvents(103, 700);
    const published: Published[] = [];
    const r = relay('a', published, { batchSize: 100 });
    await r.start();
    await r.stop({ drainUntil: Date.now() + 30_000 });
    expect(published.map((p) => p.id)).toEqual(events.map((e) => e.id));
    expect(await outboxOf(dataSource)).toEqual([]);
  });

  it('leaves the rest to the next relay when the drain deadline passes', async () => {
    await appendCitizenEvents(104, 300);
    const published: Published[] = [];
    const r = relay('a', published, {
      batchSize: 10,
      publish: async (subject, envelope) => {
        await new Promise((res) => setTimeout(res, 20));
        published.push({ subject, id: envelope.id, by: 'a' });
      },
    });
    await r.start();
    await r.stop({ drainUntil: Date.now() + 100 });
    expect(published.length).toBeLessThan(300);
    expect((await outboxOf(dataSource)).length).toBe(300 - published.length);
  });
});

describe('publishBackoffMs', () => {
  it('doubles from 200 ms up to the cap', () => {
    expect([1, 2, 3, 10].map((n) => publishBackoffMs(n, 1000))).toEqual([200, 400, 800, 1000]);
  });
});
