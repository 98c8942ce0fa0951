import { Envelope, makeEnvelope } from '@citizen-desk/contracts';
import { testNamespace, testNatsUrl } from '../../testing/src/test-env';
import { connectMessaging, Messaging } from './messaging';
import { NotStoredError, PipelinedPublisher } from './pipelined-publisher';

const ns = testNamespace();
let messaging: Messaging;

beforeAll(async () => {
  messaging = await connectMessaging({ url: testNatsUrl(), namespace: ns, name: 'pipelined-test' });
  await messaging.ensureStream();
});

afterAll(async () => {
  await messaging.deleteStream();
  await messaging.close();
});

let citizens = 0;
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

describe('PipelinedPublisher', () => {
  it('resolves each of many concurrent publishes with its own stored message', async () => {
    const publisher = new PipelinedPublisher(messaging);
    try {
      const envelopes = Array.from({ length: 500 }, () => unsubscribed());
      const acks = await Promise.all(envelopes.map((e) => publisher.publish(e)));
      expect(new Set(acks.map((a) => a.seq)).size).toBe(500);
      expect(acks.every((a) => a.stream === messaging.streamName && !a.duplicate)).toBe(true);
      // Each acknowledgement is for that caller's message, not just any message of the batch.
      for (const i of [0, 137, 499]) {
        const stored = await messaging.jsm.streams.getMessage(messaging.streamName, { seq: acks[i].seq });
        expect(stored.json()).toEqual(envelopes[i]);
      }
      expect(publisher.inFlight).toBe(0);
    } finally {
      await publisher.close();
    }
  });

  it('stores an envelope once when it is published twice, with its id and trace context as headers', async () => {
    const publisher = new PipelinedPublisher(messaging);
    try {
      const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
      const envelope = unsubscribed({ traceparent, tracestate: 'vendor=1' });
      const [first, second] = await Promise.all([publisher.publish(envelope), publisher.publish(envelope)]);
      expect([first.duplicate, second.duplicate].sort()).toEqual([false, true]);
      expect(second.seq).toBe(first.seq);
      const stored = await messaging.jsm.streams.getMessage(messaging.streamName, { seq: first.seq });
      expect(stored.subject).toBe(`${ns}.citizen.unsubscribed`);
      expect(stored.header.get('Nats-Msg-Id')).toBe(envelope.id);
      expect(stored.header.get('traceparent')).toBe(traceparent);
      expect(stored.header.get('tracestate')).toBe('vendor=1');
    } finally {
      await publisher.close();
    }
  });

  it('rejects a message no stream takes', async () => {
    const publisher = new PipelinedPublisher(messaging);
    try {
      await expect(publisher.publish(unsubscribed(), `no-stream-${ns}.x`)).rejects.toThrow(NotStoredError);
    } finally {
      await publisher.close();
    }
  });

  it('rejects a message nobody acknowledges once its time is up', async () => {
    const subject = `silent-${ns}.x`;
    const silent = messaging.nc.subscribe(subject, { callback: () => undefined });
    const publisher = new PipelinedPublisher(messaging, { timeoutMs: 100 });
    try {
      await messaging.nc.flush();
      const started = Date.now();
      await expect(publisher.publish(unsubscribed(), subject)).rejects.toThrow(/within 100 ms/);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(publisher.inFlight).toBe(0);
    } finally {
      silent.unsubscribe();
      await publisher.close();
    }
  });

  it('rejects at once when the connection is closed, and fails what was waiting', async () => {
    const own = await connectMessaging({ url: testNatsUrl(), namespace: ns, name: 'pipelined-close' });
    const silent = own.nc.subscribe(`silent-${ns}.y`, { callback: () => undefined });
    const publisher = new PipelinedPublisher(own, { timeoutMs: 60_000 });
    await own.nc.flush();
    const waiting = publisher.publish(unsubscribed(), `silent-${ns}.y`);
    await new Promise((r) => setTimeout(r, 50));
    silent.unsubscribe();
    await own.nc.close();
    await expect(waiting).rejects.toThrow(NotStoredError);
    await expect(publisher.publish(unsubscribed())).rejects.toThrow(NotStoredError);
  });

  it('waits on close for what is in flight, then refuses new publishes', async () => {
    const publisher = new PipelinedPublisher(messaging);
    const inFlight = Array.from({ length: 50 }, () => publisher.publish(unsubscribed()));
    await publisher.close();
    await expect(Promise.all(inFlight)).resolves.toHaveLength(50);
    await expect(publisher.publish(unsubscribed())).rejects.toThrow(/closed/);
  });
});
