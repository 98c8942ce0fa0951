import { FakeDelivery, FakeViberApi } from './fake-viber-api';
import { drawDelay, ReceiptSender } from './receipt-sender';

const delivery = (receiver: string, via: FakeDelivery['via'] = 'broadcast_message'): FakeDelivery => ({
  receiver,
  messageToken: '5490000000000000001',
  body: {},
  via,
});

describe('ReceiptSender', () => {
  it('draws pauses within their range', () => {
    expect(drawDelay({ minMs: 100, maxMs: 300 }, () => 0)).toBe(100);
    expect(drawDelay({ minMs: 100, maxMs: 300 }, () => 0.5)).toBe(200);
  });

  it('posts delivered then seen for each message that came the chosen way, at most `concurrency` at once', async () => {
    const fake = new FakeViberApi({ authToken: 't' });
    const bodies: Array<Record<string, unknown>> = [];
    let inFlight = 0;
    let most = 0;
    const sender = new ReceiptSender(fake, {
      delivered: { minMs: 0, maxMs: 2 },
      seen: { minMs: 0, maxMs: 2 },
      via: 'broadcast_message',
      concurrency: 2,
      post: async (payload) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setImmediate(r));
        inFlight--;
        bodies.push(payload);
        return payload.user_id === 'u2' ? 503 : 200;
      },
    });
    sender.start();
    for (const r of ['u1', 'u2', 'u3']) fake.emit('message', delivery(r));
    fake.emit('message', delivery('u4', 'send_message'));
    await sender.drain();
    sender.stop();

    expect(most).toBeLessThanOrEqual(2);
    expect(bodies.map((b) => b.user_id).sort()).toEqual(['u1', 'u1', 'u2', 'u2', 'u3', 'u3']);
    for (const r of ['u1', 'u2', 'u3']) {
      expect(bodies.filter((b) => b.user_id === r).map((b) => b.event)).toEqual(['delivered', 'seen']);
    }
    expect(bodies[0]).toMatchObject({ message_token: '5490000000000000001' });
    expect(sender.posted.filter((p) => p.status !== 200)).toHaveLength(2);
    expect(sender.pending).toBe(0);
  });

  it('counts callbacks that could not be posted', async () => {
    const fake = new FakeViberApi({ authToken: 't' });
    const sender = new ReceiptSender(fake, {
      delivered: { minMs: 0, maxMs: 0 },
      seen: { minMs: 0, maxMs: 0 },
      post: () => Promise.reject(new Error('refused')),
    });
    sender.start();
    fake.emit('message', delivery('u1'));
    await sender.drain();
    expect(sender.unreachable).toBe(2);
    expect(sender.posted).toHaveLength(0);
  });
});
