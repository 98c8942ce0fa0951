import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { testNamespace } from '../../testing/src/test-env';
import { EventStore } from './event-store';
import { dropSchemas, openStore } from './event-store.test-support';
import { processOnce } from './process-once';

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

const noEffect = async () => undefined;

describe('EventStore.wasProcessed', () => {
  it('is true once processOnce recorded the message for that consumer, and only for that consumer', async () => {
    const id = randomUUID();
    expect(await store.wasProcessed('sender', id)).toBe(false);

    await processOnce(dataSource, 'sender', id, noEffect);

    expect(await store.wasProcessed('sender', id)).toBe(true);
    expect(await store.wasProcessed('dialog', id)).toBe(false);
  });

  it('is false when the effect failed and nothing was recorded', async () => {
    const id = randomUUID();
    await expect(
      processOnce(dataSource, 'sender', id, async () => {
        throw new Error('downstream down');
      }),
    ).rejects.toThrow('downstream down');
    expect(await store.wasProcessed('sender', id)).toBe(false);
  });

  it('sees what the caller’s transaction recorded before it commits', async () => {
    const id = randomUUID();
    await dataSource.transaction(async (manager) => {
      await manager.query('INSERT INTO processed_messages (consumer, message_id) VALUES ($1, $2)', [
        'sender',
        id,
      ]);
      expect(await store.wasProcessed('sender', id, manager)).toBe(true);
    });
  });
});
