import { Envelope, makeEnvelope } from '@citizen-desk/contracts';
import { testNamespace, testNatsUrl } from '../../testing/src/test-env';
import { connectMessaging, Messaging } from './messaging';

// How consumers behave (batches, redelivery, dead letters, replicas, stop): batch-consumer.int.spec.ts.
const ns = testNamespace();
let messaging: Messaging;

beforeAll(async () => {
  messaging = await connectMessaging({ url: testNatsUrl(), namespace: ns, name: 'messaging-test' });
  await messaging.ensureStream();
});

afterAll(async () => {
  await messaging.deleteKvBuckets();
  await messaging.deleteStream();
  await messaging.close();
});

let citizens = 0;
/** A valid CitizenUnsubscribed of its own citizen. */
function unsubscribed(): Envelope {
  citizens += 1;
  return makeEnvelope({
    type: 'CitizenUnsubscribed',
    version: 1,
    streamId: `citizen-viber:${citizens}`,
    data: { citizenId: `viber:${citizens}`, at: '2026-11-25T10:00:00.000Z' },
  });
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
