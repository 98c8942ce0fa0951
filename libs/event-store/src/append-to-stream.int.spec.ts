import { makeEnvelope } from '@citizen-desk/contracts';
import { DataSource } from 'typeorm';
import { testNamespace } from '../../testing/src/test-env';
import { ConcurrencyError, DuplicateEventError } from './concurrency-error';
import { EventStore } from './event-store';
import { counted, dropSchemas, openStore, outboxOf, unsubscribed } from './event-store.test-support';

const ns = testNamespace();
const schema = `${ns}_store`;
let dataSource: DataSource;
let store: EventStore;

beforeAll(async () => {
  dataSource = await openStore(schema, 20);
  store = new EventStore(dataSource, { namespace: ns });
});

afterAll(async () => {
  await dataSource.destroy();
  await dropSchemas(schema);
});

beforeEach(async () => {
  await dataSource.query('TRUNCATE events, outbox');
});

const sendCommand = (n: number) =>
  makeEnvelope({
    type: 'SendMessageToCitizen',
    version: 1,
    streamId: `citizen-viber:${n}`,
    data: {
      messageId: '3f1b6f0e-7a44-4c55-9e0b-6f3a8a4a2b10',
      citizenId: `viber:${n}`,
      message: { kind: 'text', text: 'Dobar dan' },
      purpose: 'reply',
      origin: 'dialog',
    },
  });

describe('EventStore.append', () => {
  it('numbers a new stream from 1 and continues where it ends', async () => {
    expect(
      await store.append('s-1', 'no-stream', [counted('s-1', 1), counted('s-1', 2)], { publish: false }),
    ).toEqual({ nextVersion: 2 });
    expect(await store.append('s-1', 2, [counted('s-1', 3)], { publish: false })).toEqual({ nextVersion: 3 });
    const rows = await dataSource.query(
      "SELECT stream_version FROM events WHERE stream_id = 's-1' ORDER BY position",
    );
    expect(rows.map((r: { stream_version: number }) => r.stream_version)).toEqual([1, 2, 3]);
  });

  it('rejects an append that expects an old version, saying where the stream is', async () => {
    await store.append('s-2', 0, [counted('s-2', 1)], { publish: false });
    const stale = store.append('s-2', 'no-stream', [counted('s-2', 2)], { publish: false });
    await expect(stale).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(stale).rejects.toMatchObject({ streamId: 's-2', expected: 'no-stream', actual: 1 });
    await expect(store.append('s-2', 5, [counted('s-2', 2)], { publish: false })).rejects.toMatchObject({
      actual: 1,
    });
  });

  it('lets exactly one of ten concurrent appends with the same expected version win', async () => {
    await store.append('s-3', 'no-stream', [counted('s-3', 0)], { publish: false });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        store.append('s-3', 1, [counted('s-3', i), counted('s-3', i)], { publish: false }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(9);
    for (const l of lost) expect(l.reason).toBeInstanceOf(ConcurrencyError);
    const [{ n }] = await dataSource.query("SELECT count(*)::int AS n FROM events WHERE stream_id = 's-3'");
    expect(n).toBe(3);
  });

  it("appends at the end whatever the version with 'any'", async () => {
    await store.append('s-4', 'any', [counted('s-4', 1)], { publish: false });
    expect(await store.append('s-4', 'any', [counted('s-4', 2)], { publish: false })).toEqual({
      nextVersion: 2,
    });
  });

  it('puts appended events and alsoPublish commands into the outbox with their namespaced subjects', async () => {
    const events = [unsubscribed('citizen-viber:1', 1), unsubscribed('citizen-viber:1', 2)];
    const command = sendCommand(1);
    await store.append('citizen-viber:1', 'no-stream', events, { alsoPublish: [command] });
    const outbox = await outboxOf(dataSource);
    expect(outbox.map((r) => [r.subject, r.message_id])).toEqual([
      [`${ns}.citizen.unsubscribed`, events[0].id],
      [`${ns}.citizen.unsubscribed`, events[1].id],
      [`${ns}.outbound.send-message`, command.id],
    ]);
    expect(outbox[2].envelope).toEqual(command);
  });

  it('keeps events with publish: false out of the outbox but still sends alsoPublish', async () => {
    const command = sendCommand(2);
    await store.append('s-5', 'no-stream', [counted('s-5', 1)], { publish: false, alsoPublish: [command] });
    expect((await outboxOf(dataSource)).map((r) => r.message_id)).toEqual([command.id]);
  });

  it('records nothing, not even an outbox row, when the surrounding transaction rolls back', async () => {
    const attempt = dataSource.transaction(async (manager) => {
      await store.append('citizen-viber:9', 'no-stream', [unsubscribed('citizen-viber:9', 1)], {
        manager,
        alsoPublish: [sendCommand(9)],
      });
      throw new Error('the effect failed');
    });
    await expect(attempt).rejects.toThrow('the effect failed');
    expect(await outboxOf(dataSource)).toEqual([]);
    expect(await dataSource.query('SELECT * FROM events')).toEqual([]);
  });

  it('refuses to publish an unknown type or data that breaks its contract, before writing anything', async () => {
    await expect(store.append('s-6', 'no-stream', [counted('s-6', 1)])).rejects.toThrow(
      /not a contract type/,
    );
    const broken = { ...unsubscribed('s-6', 1), data: { citizenId: 'no-channel' } };
    await expect(store.append('s-6', 'no-stream', [broken])).rejects.toThrow(/citizenId/);
    expect(await dataSource.query('SELECT * FROM events')).toEqual([]);
  });

  it('refuses an event that names another stream, and an event id recorded before', async () => {
    await expect(store.append('s-7', 'any', [counted('other', 1)], { publish: false })).rejects.toThrow(
      /belongs to stream other/,
    );
    const once = counted('s-7', 1);
    await store.append('s-7', 'any', [once], { publish: false });
    await expect(store.append('s-7', 'any', [once], { publish: false })).rejects.toBeInstanceOf(
      DuplicateEventError,
    );
  });

  it('enqueues commands without a stream, keeping an envelope id once', async () => {
    const command = sendCommand(3);
    await store.enqueue([command]);
    await store.enqueue([command]);
    expect((await outboxOf(dataSource)).map((r) => r.message_id)).toEqual([command.id]);
  });
});
