import { DataSource } from 'typeorm';
import { testNamespace } from '../../testing/src/test-env';
import { EventStore } from './event-store';
import { counted, dropSchemas, openStore, outboxOf, unsubscribed } from './event-store.test-support';

const ns = testNamespace();
const schema = `${ns}_store`;
let dataSource: DataSource;
let store: EventStore;

beforeAll(async () => {
  dataSource = await openStore(schema);
  store = new EventStore(dataSource, { namespace: ns });
});

afterAll(async () => {
  await dataSource.destroy();
  await dropSchemas(schema);
});

describe('EventStore.deleteStream', () => {
  it('deletes every event of the stream and leaves other streams alone', async () => {
    await store.append('d-1', 'no-stream', [counted('d-1', 1), counted('d-1', 2)], { publish: false });
    await store.append('d-2', 'no-stream', [counted('d-2', 3)], { publish: false });

    expect(await store.deleteStream('d-1')).toBe(2);

    expect(await store.readStream('d-1')).toEqual({ version: 0, events: [] });
    expect((await store.readStream('d-2')).events.map((e) => e.data)).toEqual([{ by: 3 }]);
  });

  it('leaves what was already put into the outbox', async () => {
    const published = unsubscribed('d-3', 1);
    await store.append('d-3', 'no-stream', [published]);

    await store.deleteStream('d-3');

    expect((await outboxOf(dataSource)).map((row) => row.message_id)).toContain(published.id);
  });

  it('deletes within the caller’s transaction, so a rollback keeps the events', async () => {
    await store.append('d-4', 'no-stream', [counted('d-4', 1)], { publish: false });
    await expect(
      dataSource.transaction(async (manager) => {
        expect(await store.deleteStream('d-4', manager)).toBe(1);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await store.readStream('d-4')).version).toBe(1);
  });

  it('deletes nothing from a stream that does not exist', async () => {
    expect(await store.deleteStream('d-missing')).toBe(0);
  });
});
