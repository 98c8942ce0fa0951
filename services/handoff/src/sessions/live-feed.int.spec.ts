import { makeEnvelope } from '@citizen-desk/contracts';
import { connectMessaging, Messaging } from '@citizen-desk/messaging';
import { createLogger } from '@citizen-desk/observability';
import { eventually, testNamespace, testNatsUrl } from '@citizen-desk/testing';
import { isVisibleTo, LiveFeed } from './live-feed';

describe('the live feed with a console open', () => {
  const ns = testNamespace();
  let messaging: Messaging;
  beforeAll(async () => {
    messaging = await connectMessaging({ url: testNatsUrl(), namespace: ns, name: 'live-feed-test' });
  });
  afterAll(() => messaging.close());

  it('skips a handoff message with no data (or not JSON) and goes on with the next event', async () => {
    const feed = new LiveFeed(messaging.nc, ns, createLogger('live-feed-test', 'silent'));
    feed.start();
    const ana = { sub: 'op-ana', roles: ['operator' as const], departments: ['finance'] };
    const seen: string[] = [];
    // What the stream controller does for an open console.
    feed.listen((envelope) => {
      if (isVisibleTo(ana, envelope)) seen.push(envelope.type);
    });
    try {
      await messaging.nc.flush();
      const enc = new TextEncoder();
      messaging.nc.publish(`${ns}.handoff.session-transferred`, enc.encode(JSON.stringify({ type: 'X' })));
      messaging.nc.publish(`${ns}.handoff.session-transferred`, enc.encode('null'));
      messaging.nc.publish(`${ns}.handoff.session-transferred`, enc.encode('not json'));
      const valid = makeEnvelope({
        type: 'HandoffNoteAdded',
        version: 1,
        streamId: 'session-1',
        data: {
          sessionId: '00000000-0000-4000-8000-000000000001',
          department: 'finance',
          operatorId: 'op-ana',
          operatorName: 'Ana',
          text: 'called back',
          at: new Date().toISOString(),
        },
      });
      messaging.nc.publish(`${ns}.handoff.note-added`, enc.encode(JSON.stringify(valid)));
      await eventually(() => seen.length > 0);
      expect(seen).toEqual(['HandoffNoteAdded']);
    } finally {
      feed.stop();
    }
  });
});
