import { DataSource } from 'typeorm';
import { testNamespace } from '../../testing/src/test-env';
import { EventStore } from './event-store';
import { counted, dropSchemas, openStore, unsubscribed } from './event-store.test-support';

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

describe('EventStore.eraseEventFields', () => {
  it('removes the fields from that event type in those streams only, keeping the rest of the record', async () => {
    await store.append('e-1', 'no-stream', [unsubscribed('e-1', 1), counted('e-1', 2)], { publish: false });
    await store.append('e-2', 'no-stream', [unsubscribed('e-2', 3)], { publish: false });

    expect(await store.eraseEventFields(['e-1'], 'CitizenUnsubscribed', ['citizenId'])).toBe(1);

    expect((await store.readStream('e-1')).events.map((e) => e.data)).toEqual([
      { at: '2026-01-01T00:00:01.000Z' },
      { by: 2 },
    ]);
    expect((await store.readStream('e-2')).events[0].data).toEqual({
      citizenId: 'viber:3',
      at: '2026-01-01T00:00:03.000Z',
    });
  });

  it('changes nothing when there is nothing to erase', async () => {
    expect(await store.eraseEventFields(['e-1'], 'CitizenUnsubscribed', ['citizenId'])).toBe(0);
    expect(await store.eraseEventFields([], 'CitizenUnsubscribed', ['citizenId'])).toBe(0);
  });
});
