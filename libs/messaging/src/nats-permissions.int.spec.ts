import { CONTENT_KV_BUCKET, Envelope, makeEnvelope } from '@citizen-desk/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect } from 'nats';
import { OwnNatsServer } from '../../testing/src/own-nats-server';
import { eventually } from '../../testing/src/test-env';
import { Delivery } from './delivery';
import { connectMessaging, Messaging } from './messaging';
import {
  inboxPrefixOf,
  NATS_SERVICES,
  NatsService,
  natsAuthorizationConfig,
  natsPasswordVariableOf,
  STAFF_KEYS_BUCKET_NAME,
} from './nats-permissions';

/**
 * The generated authorization, enforced by a nats-server of this test's own: each service signs in as
 * its own user and may do what NATS_ACCESS lists, and nothing else.
 */
const ns = 'cd';
const passwords = Object.fromEntries(
  NATS_SERVICES.map((s) => [s, `n${randomBytes(24).toString('hex')}`]),
) as Record<NatsService, string>;
const adminPassword = `n${randomBytes(24).toString('hex')}`;
let server: OwnNatsServer;
const as = {} as Record<NatsService, Messaging>;
const running: Array<{ stop(): Promise<void> }> = [];

function connectAs(service: NatsService, pass = passwords[service]): Promise<Messaging> {
  return connectMessaging({ url: server.url, namespace: ns, name: `${service}-test`, user: service, pass });
}

beforeAll(async () => {
  server = await OwnNatsServer.start(
    natsAuthorizationConfig({
      namespace: ns,
      admin: { user: 'admin', passwordVariable: 'NATS_PASSWORD_ADMIN' },
    }),
    {
      ...Object.fromEntries(NATS_SERVICES.map((s) => [natsPasswordVariableOf(s), passwords[s]])),
      NATS_PASSWORD_ADMIN: adminPassword,
    },
  );
  for (const service of NATS_SERVICES) as[service] = await connectAs(service);
  // Every service makes sure of the stream at start.
  for (const service of NATS_SERVICES) await as[service].ensureStream();
});

afterEach(async () => {
  for (const c of running.splice(0)) await c.stop();
});

afterAll(async () => {
  for (const m of Object.values(as)) await m.close().catch(() => undefined);
  await server?.stop();
});

const envelope = <T>(type: string, streamId: string, data: T): Envelope<T> =>
  makeEnvelope({ type, version: 1, streamId, data });

let citizens = 0;
function unsubscribed(): Envelope {
  citizens += 1;
  return envelope('CitizenUnsubscribed', `citizen-viber:${citizens}`, {
    citizenId: `viber:${citizens}`,
    at: '2026-11-25T10:00:00.000Z',
  });
}

function sendMessage(): Envelope {
  citizens += 1;
  return envelope('SendMessageToCitizen', `citizen-viber:${citizens}`, {
    messageId: randomUUID(),
    citizenId: `viber:${citizens}`,
    message: { kind: 'text', text: 'Dobar dan' },
    purpose: 'reply',
    origin: 'dialog',
  });
}

const broadcast = (): Envelope =>
  envelope('BroadcastToCitizens', 'campaign-1', {
    batchId: 'b-1',
    campaignId: 'campaign-1',
    citizenIds: ['viber:1'],
    message: { kind: 'text', text: 'Obavještenje' },
    origin: 'broadcast',
  });

/** Consumes as a service through its own durable (as its runtime does) and collects what arrives. */
async function collect(m: Messaging, durable: string, subjects: string): Promise<Delivery[]> {
  const seen: Delivery[] = [];
  running.push(
    await m.consumeBatches({
      durable: `${ns}-${durable}`,
      filterSubject: `${ns}.${subjects}`,
      handler: async (batch) => {
        seen.push(...batch);
        return batch.map(() => ({ ok: true }) as const);
      },
    }),
  );
  return seen;
}

/** What the stream holds on a subject, read as the unrestricted admin user. */
async function storedOn(subject: string): Promise<number> {
  const nc = await connect({ servers: server.url, user: 'admin', pass: adminPassword });
  try {
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(`${ns.toUpperCase()}_EVENTS`, { subjects_filter: subject });
    return info.state.subjects?.[subject] ?? 0;
  } finally {
    await nc.close();
  }
}

describe('NATS users and permissions per service', () => {
  it('refuses a wrong password', async () => {
    await expect(connectAs('dialog', 'not-the-password')).rejects.toThrow();
  });

  it('lets the gateway publish a citizen event and dialog consume it through its durable', async () => {
    const seen = await collect(as.dialog, 'dialog', 'citizen.>');
    const sent = unsubscribed();
    await as.gateway.publish(sent);
    await eventually(() => seen.some((d) => d.envelope.id === sent.id), { message: 'dialog got it' });
  });

  it('lets dialog give the send command and the gateway consume outbound.> as the one sender', async () => {
    const seen = await collect(as.gateway, 'gateway-sender', 'outbound.>');
    const command = sendMessage();
    await as.dialog.publish(command);
    await eventually(() => seen.some((d) => d.envelope.id === command.id), { message: 'the gateway got it' });
  });

  it('lets only broadcast publish the broadcast command', async () => {
    const before = await storedOn(`${ns}.outbound.broadcast`);
    for (const service of ['dialog', 'handoff', 'gateway', 'analytics'] as const)
      await expect(as[service].publish(broadcast())).rejects.toThrow(/permissions violation/i);
    expect(await storedOn(`${ns}.outbound.broadcast`)).toBe(before);
    await as.broadcast.publish(broadcast());
    expect(await storedOn(`${ns}.outbound.broadcast`)).toBe(before + 1);
  });

  it('keeps analytics and the gateway from giving the send command', async () => {
    await expect(as.analytics.publish(sendMessage())).rejects.toThrow(/permissions violation/i);
    await expect(as.gateway.publish(sendMessage())).rejects.toThrow(/permissions violation/i);
  });

  it("keeps a service from publishing another service's events", async () => {
    const requested = envelope('HandoffRequested', 'c', {
      citizenId: 'viber:x',
      department: 'general',
      topic: null,
      language: 'me-Latn',
      requestedAt: '2026-11-25T10:00:00.000Z',
    });
    await expect(as.handoff.publish(requested)).rejects.toThrow(/permissions violation/i);
    await expect(as.dialog.publish(unsubscribed())).rejects.toThrow(/permissions violation/i);
    await expect(as.broadcast.publish(unsubscribed())).rejects.toThrow(/permissions violation/i);
    // The owner may.
    await as.dialog.publish(requested);
  });

  it('keeps every service but the gateway from consuming outbound.> or pulling from the sender', async () => {
    for (const service of ['dialog', 'handoff', 'broadcast'] as const) {
      await expect(
        as[service].consumeBatches({
          durable: `${ns}-${service}-sneak`,
          filterSubject: `${ns}.outbound.>`,
          handler: async (b) => b.map(() => ({ ok: true }) as const),
        }),
      ).rejects.toThrow(/permissions violation/i);
      await expect(
        as[service].js.consumers.get(as[service].streamName, `${ns}-gateway-sender`),
      ).rejects.toThrow(/permissions violation/i);
    }
    // Its own durable name with another filter: the create subject carries the filter, so it is refused.
    await expect(
      as.dialog.consumeBatches({
        durable: `${ns}-dialog`,
        filterSubject: `${ns}.outbound.>`,
        handler: async (b) => b.map(() => ({ ok: true }) as const),
      }),
    ).rejects.toThrow(/permissions violation/i);
  });

  it("keeps a service from listening on the stream's subjects or another service's inbox", async () => {
    for (const subject of [`${ns}.outbound.>`, `${inboxPrefixOf('gateway')}.>`, '>']) {
      const refused = new Promise<Error>((resolve) =>
        as.dialog.nc.subscribe(subject, { callback: (err) => err && resolve(err) }),
      );
      expect((await refused).message).toMatch(/permissions violation/i);
    }
  });

  it('lets only handoff write the staff keys, and every service read them', async () => {
    const handoffKeys = await as.handoff.kv(STAFF_KEYS_BUCKET_NAME, { history: 1 });
    const readers = await Promise.all(
      (['gateway', 'dialog', 'broadcast', 'analytics'] as const).map((s) =>
        as[s].kv(STAFF_KEYS_BUCKET_NAME, { history: 1 }),
      ),
    );
    const watched: string[] = [];
    const watcher = await readers[0].watch({ key: 'jwk.>' });
    void (async () => {
      for await (const e of watcher) watched.push(e.key);
    })();
    await handoffKeys.put('jwk.real', JSON.stringify({ jwk: {}, refreshedAt: 1 }));
    for (const kv of readers) {
      await expect(kv.put('jwk.forged', '{}')).rejects.toThrow(/permissions violation/i);
      expect((await kv.get('jwk.real'))?.string()).toContain('refreshedAt');
    }
    await eventually(() => watched.includes('jwk.real'), { message: 'the watch saw the key' });
    watcher.stop();
    expect(watched).not.toContain('jwk.forged');
  });

  it('lets dialog publish the content and the gateway only read it', async () => {
    const content = await as.dialog.kv(CONTENT_KV_BUCKET);
    await content.put('welcome', '{"kind":"text","text":"Dobro došli"}');
    const gatewayView = await as.gateway.kv(CONTENT_KV_BUCKET);
    expect((await gatewayView.get('welcome'))?.string()).toContain('Dobro');
    await expect(gatewayView.put('welcome', '{}')).rejects.toThrow(/permissions violation/i);
  });

  it("lets handoff hear its own events live (the operators' feed)", async () => {
    const heard: string[] = [];
    const sub = as.handoff.nc.subscribe(`${ns}.handoff.>`, { callback: (_e, m) => heard.push(m.subject) });
    const ended = envelope('HandoffSessionEnded', 's-1', {});
    await as.handoff.publish(ended, `${ns}.handoff.session-ended`);
    await eventually(() => heard.includes(`${ns}.handoff.session-ended`), { message: 'the live feed' });
    sub.unsubscribe();
  });

  it('logs each refusal (what the end-to-end test under these permissions finds none of)', () => {
    expect(server.log).toMatch(/Publish Violation/);
    expect(server.log).toMatch(/Subscription Violation/);
  });
});
