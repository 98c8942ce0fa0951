import { Envelope, makeEnvelope } from '@citizen-desk/contracts';
import { DataSource } from 'typeorm';
import { testNamespace } from '../../testing/src/test-env';
import { EventStore } from './event-store';
import { counted, dropSchemas, openStore } from './event-store.test-support';

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

describe('EventStore.readStream', () => {
  it('returns the envelopes as appended, in version order, with their versions', async () => {
    const cause = makeEnvelope({ type: 'Cause', version: 1, streamId: 'x', data: {} });
    const first = makeEnvelope({
      type: 'Counted',
      version: 2,
      streamId: 'r-1',
      data: { by: 5, nested: { list: [1, 'a'] } },
      causedBy: cause,
      trace: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      occurredAt: '2026-11-25T10:00:00.123Z',
    });
    const second = counted('r-1', 7);
    await store.append('r-1', 'no-stream', [first, second], { publish: false });

    const { version, events } = await store.readStream('r-1');
    expect(version).toBe(2);
    expect(
      events.map(({ streamVersion, position: _p, ...envelope }) => ({ streamVersion, envelope })),
    ).toEqual([
      { streamVersion: 1, envelope: first },
      { streamVersion: 2, envelope: second },
    ]);
    expect(events[1].position).toBeGreaterThan(events[0].position);
  });

  it('reads from a given version and still reports the stream version', async () => {
    await store.append(
      'r-2',
      'no-stream',
      [1, 2, 3].map((n) => counted('r-2', n)),
      { publish: false },
    );
    const tail = await store.readStream('r-2', { fromVersion: 3 });
    expect(tail.events.map((e) => e.streamVersion)).toEqual([3]);
    expect(await store.readStream('r-2', { fromVersion: 10 })).toEqual({ version: 3, events: [] });
    expect(await store.readStream('missing')).toEqual({ version: 0, events: [] });
  });

  it('folds a stream into state with the version to expect next', async () => {
    await store.append(
      'r-3',
      'no-stream',
      [2, 3, 4].map((n) => counted('r-3', n)),
      { publish: false },
    );
    const evolve = (total: number, e: Envelope) => total + (e.data as { by: number }).by;
    const { state, version } = await store.aggregateStream('r-3', evolve, () => 100);
    expect({ state, version }).toEqual({ state: 109, version: 3 });
    // The version is what the next append expects.
    await expect(store.append('r-3', version, [counted('r-3', 1)], { publish: false })).resolves.toEqual({
      nextVersion: 4,
    });
  });
});
