import { DataSource } from 'typeorm';
import { testNamespace } from '../../testing/src/test-env';
import { ConcurrencyError } from './concurrency-error';
import { EventStore } from './event-store';
import { counted, dropSchemas, openStore, outboxOf, unsubscribed } from './event-store.test-support';

const ns = testNamespace();
const schema = `${ns}_store`;
let dataSource: DataSource;
let store: EventStore;

beforeAll(async () => {
  dataSource = await openStore(schema, 10);
  store = new EventStore(dataSource, { namespace: ns });
});

afterAll(async () => {
  await dataSource.destroy();
  await dropSchemas(schema);
});

beforeEach(async () => {
  await dataSource.query('TRUNCATE events, outbox');
});

const versionsOf = async (streamId: string) =>
  (await store.readStream(streamId)).events.map((e) => [e.streamVersion, (e.data as { by?: number }).by]);

describe('BatchWriter (batch append)', () => {
  it('appends to several streams and fills the outbox in one flush, numbering appends to one stream in turn', async () => {
    await store.append('s-1', 'no-stream', [counted('s-1', 1)], { publish: false });
    await dataSource.transaction(async (m) => {
      const writer = store.writer(m);
      writer.append('s-1', 1, [counted('s-1', 2)], { publish: false });
      writer.append('s-2', 'no-stream', [counted('s-2', 1), counted('s-2', 2)], { publish: false });
      writer.append('s-1', 2, [counted('s-1', 3)], {
        publish: false,
        alsoPublish: [unsubscribed('s-1', 3)],
      });
      writer.append('s-3', 'any', [unsubscribed('s-3', 4)]);
      await writer.flush();
    });
    expect(await versionsOf('s-1')).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(await versionsOf('s-2')).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect((await store.readStream('s-3')).version).toBe(1);
    expect((await outboxOf(dataSource)).map((r) => r.envelope.type)).toEqual([
      'CitizenUnsubscribed',
      'CitizenUnsubscribed',
    ]);
  });

  it('writes nothing and names the stream when one stream is not at its expected version', async () => {
    await store.append('s-1', 'no-stream', [counted('s-1', 1)], { publish: false });
    const flushing = dataSource.transaction(async (m) => {
      const writer = store.writer(m);
      writer.append('s-2', 'no-stream', [unsubscribed('s-2', 1)]);
      writer.append('s-1', 'no-stream', [counted('s-1', 2)], { publish: false });
      await writer.flush();
    });
    await expect(flushing).rejects.toThrow(ConcurrencyError);
    await expect(flushing).rejects.toMatchObject({ streamId: 's-1', actual: 1 });
    expect((await store.readStream('s-2')).version).toBe(0);
    expect(await outboxOf(dataSource)).toEqual([]);
  });

  it('refuses a second append to a stream that does not follow the first', async () => {
    await expect(
      dataSource.transaction(async (m) => {
        const writer = store.writer(m);
        writer.append('s-1', 'no-stream', [counted('s-1', 1)], { publish: false });
        writer.append('s-1', 5, [counted('s-1', 2)], { publish: false });
        await writer.flush();
      }),
    ).rejects.toThrow(ConcurrencyError);
  });

  it('lets one of two racing batches append to the same stream', async () => {
    const race = (by: number) =>
      dataSource.transaction(async (m) => {
        const writer = store.writer(m);
        writer.append('s-1', 'no-stream', [counted('s-1', by)], { publish: false });
        await writer.flush();
      });
    const results = await Promise.allSettled([race(1), race(2), race(3)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConcurrencyError);
    expect((await store.readStream('s-1')).version).toBe(1);
  });

  it('reads several streams in one query', async () => {
    await store.append('s-1', 'no-stream', [counted('s-1', 1), counted('s-1', 2)], { publish: false });
    await store.append('s-2', 'no-stream', [counted('s-2', 7)], { publish: false });
    const streams = await store.readStreams(['s-1', 's-2', 's-none', 's-1']);
    expect([...streams.keys()]).toEqual(['s-1', 's-2', 's-none']);
    expect(streams.get('s-1')!.version).toBe(2);
    expect(streams.get('s-2')!.events.map((e) => e.data)).toEqual([{ by: 7 }]);
    expect(streams.get('s-none')).toEqual({ version: 0, events: [] });
  });
});
