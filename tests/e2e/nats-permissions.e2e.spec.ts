import { issueTestStaffToken, StaffClaims } from '@citizen-desk/auth';
import {
  analyticsEnvSchema,
  broadcastEnvSchema,
  dialogEnvSchema,
  gatewayEnvSchema,
  handoffEnvSchema,
  loadConfig,
} from '@citizen-desk/config';
import {
  NATS_SERVICES,
  natsAuthorizationConfig,
  natsPasswordVariableOf,
  NatsService,
} from '@citizen-desk/messaging';
import {
  callJson,
  cleanupNamespace,
  eventually,
  OwnNatsServer,
  serviceTestEnv,
  testNamespace,
} from '@citizen-desk/testing';
import {
  FakeViberApi,
  postSignedCallback,
  receiptCallback,
  subscriptionCallback,
} from '@citizen-desk/viber-simulator';
import { randomBytes } from 'node:crypto';
import { startAnalytics } from '../../services/analytics/src/analytics.app';
import { startBroadcast } from '../../services/broadcast/src/broadcast.app';
import { startDialog } from '../../services/dialog/src/dialog.app';
import { startGateway } from '../../services/gateway/src/gateway.app';
import { startHandoff } from '../../services/handoff/src/handoff.app';
import { nextToken, textMessageCallback } from './viber-callbacks';

/**
 * The whole platform on a nats-server that enforces the generated authorization, each service
 * signed in as its own user: the real consumers, publishers, KV buckets and live feed all work within
 * their permissions, and the server records not one permission violation along the way.
 */
const VIBER_TOKEN = 'e2e-test-token';
const DEPARTMENT = 'local-self-government';
const passwords = Object.fromEntries(
  NATS_SERVICES.map((s) => [s, `n${randomBytes(24).toString('hex')}`]),
) as Record<NatsService, string>;

describe('the platform with a NATS user per service', () => {
  const namespace = testNamespace();
  let nats: OwnNatsServer;
  const viber = new FakeViberApi({ authToken: VIBER_TOKEN });
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  let dialog: Awaited<ReturnType<typeof startDialog>>;
  let handoff: Awaited<ReturnType<typeof startHandoff>>;
  let broadcast: Awaited<ReturnType<typeof startBroadcast>>;
  let analytics: Awaited<ReturnType<typeof startAnalytics>>;

  beforeAll(async () => {
    nats = await OwnNatsServer.start(
      natsAuthorizationConfig({ namespace }),
      Object.fromEntries(NATS_SERVICES.map((s) => [natsPasswordVariableOf(s), passwords[s]])),
    );
    await viber.start();
    const env = (service: NatsService) =>
      serviceTestEnv(namespace, {
        NATS_URL: nats.url,
        NATS_USER: service,
        NATS_PASSWORD: passwords[service],
        VIBER_AUTH_TOKEN: VIBER_TOKEN,
        VIBER_API_URL: viber.url,
        VIBER_RETRY_BASE_MS: '20',
        BROADCAST_POLL_MS: '100',
      });
    gateway = await startGateway(loadConfig(gatewayEnvSchema, env('gateway')));
    dialog = await startDialog(loadConfig(dialogEnvSchema, env('dialog')));
    handoff = await startHandoff(loadConfig(handoffEnvSchema, env('handoff')));
    broadcast = await startBroadcast(loadConfig(broadcastEnvSchema, env('broadcast')));
    analytics = await startAnalytics(loadConfig(analyticsEnvSchema, env('analytics')));
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([gateway, dialog, handoff, broadcast, analytics].map((s) => s?.stop()));
    await viber.stop();
    await nats?.stop();
    await cleanupNamespace(namespace);
  });

  const webhook = () => `${gateway.url}/viber/webhook`;
  const sentTo = (user: string) => viber.sentMessages().filter((m) => m.receiver === user);
  const say = async (user: string, text: string) =>
    expect((await postSignedCallback(webhook(), VIBER_TOKEN, textMessageCallback(user, text))).status).toBe(
      200,
    );
  // Test tokens are signed with a key published where handoff publishes keys: only its user may.
  const staff = (sub: string, roles: StaffClaims['roles']) =>
    issueTestStaffToken(
      { sub, email: `${sub}@budva.local`, name: sub, roles, departments: [DEPARTMENT] },
      handoff.runtime.messaging,
    );

  it('answers a citizen, hands them to an operator, sends a notice and counts it all, with no violation', async () => {
    // Gateway → dialog → gateway's sender → Viber.
    const user = 'perm-citizen==';
    await say(user, 'koliko je sati');
    await eventually(() => sentTo(user).length > 0, { message: 'the bot answered' });

    // Dialog → handoff (queued), the operator signs in (handoff's key in KV) and answers.
    await say(user, 'op:request');
    const password = 'Budva-Opstina-2026';
    await handoff.staff.createAccount.execute({
      email: 'ana@budva.local',
      password,
      name: 'Ana',
      roles: ['operator'],
      departments: [DEPARTMENT],
      by: null,
    });
    const login = await callJson(handoff.url, 'POST', '/auth/login', {
      body: { email: 'ana@budva.local', password },
    });
    expect(login.status).toBe(200);
    const token = login.body.token as string;
    const citizenId = (await gateway.runtime.citizenKeys.pseudonymsOf([user])).get(user);
    const session = await eventually(
      async () => {
        const list = await callJson(handoff.url, 'GET', '/handoff/sessions?status=waiting', { token });
        return (list.body as Array<{ id: string; citizenId: string }>).find((s) => s.citizenId === citizenId);
      },
      { message: 'a waiting session' },
    );
    expect(
      (await callJson(handoff.url, 'POST', `/handoff/sessions/${session.id}/claim`, { token })).status,
    ).toBe(200);
    await callJson(handoff.url, 'POST', `/handoff/sessions/${session.id}/messages`, {
      token,
      body: { text: 'Rok je 30. jun.' },
    });
    await eventually(() => sentTo(user).some((m) => m.text === 'Rok je 30. jun.'), { message: 'the answer' });

    // Broadcast → gateway's broadcast → Viber, and the receipts back to broadcast.
    const subscriber = 'perm-subscriber==';
    const subscribed = await postSignedCallback(
      webhook(),
      VIBER_TOKEN,
      subscriptionCallback({ viberId: subscriber, name: 'G' }, 'subscribed', nextToken(), Date.now()),
    );
    expect(subscribed.status).toBe(200);
    const author = await staff('author', ['editor']);
    const boss = await staff('boss', ['supervisor']);
    const created = await callJson(broadcast.url, 'POST', '/broadcast/campaigns', {
      token: author,
      body: {
        title: 'Voda',
        department: DEPARTMENT,
        content: { texts: { 'cnr-Latn': 'Sjutra nema vode.' } },
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    // Broadcast's projection of subscribers (its consumers on citizen.> and dialog.>) has them.
    await eventually(
      async () =>
        ((await callJson(broadcast.url, 'GET', '/broadcast/audience', { token: author })).body?.total ?? 0) >=
        1,
      { message: 'the subscriber counted' },
    );
    expect(
      (await callJson(broadcast.url, 'POST', `/broadcast/campaigns/${id}/submit`, { token: author })).status,
    ).toBe(200);
    expect(
      (await callJson(broadcast.url, 'POST', `/broadcast/campaigns/${id}/approve`, { token: boss, body: {} }))
        .status,
    ).toBe(200);
    const delivery = await eventually(
      () => viber.deliveries().find((d) => d.via === 'broadcast_message' && d.receiver === subscriber),
      { message: 'the notice reached the subscriber', timeoutMs: 30_000 },
    );
    await postSignedCallback(
      webhook(),
      VIBER_TOKEN,
      receiptCallback('delivered', subscriber, delivery.messageToken, Date.now()),
    );
    await eventually(
      async () =>
        (await callJson(broadcast.url, 'GET', `/broadcast/campaigns/${id}`, { token: boss })).body?.stats
          ?.delivered === 1,
      { message: 'the receipt counted', timeoutMs: 30_000 },
    );

    // Analytics projected what happened (it reads every subject, and publishes nothing).
    const official = await staff('olga', ['official']);
    await eventually(
      async () => {
        const r = await callJson(analytics.url, 'GET', '/analytics/messages', { token: official });
        return (
          r.status === 200 && (r.body.rows as Array<{ messages: number }>).some((row) => row.messages > 0)
        );
      },
      { message: 'analytics counted the messages' },
    );

    // Not one refused publish or subscription on the way.
    expect(nats.log).not.toMatch(/violation/i);
  }, 180_000);

  it('answers 409 naming the operators’ command to a replay that needs another service’s subject', async () => {
    // A broken message on the gateway's subject (published as the gateway, the only user allowed):
    // the dialog dead-letters it at once, which its own user may do.
    await gateway.runtime.messaging.js.publish(`${namespace}.citizen.message-received`, 'not json');
    const admin = await staff('root', ['admin']);
    const held = await eventually(
      async () => {
        const list = await callJson(dialog.url, 'GET', '/admin/dead-letters/dialog?kind=dead', {
          token: admin,
        });
        return (list.body as Array<{ seq: number; subject: string }>).find((m) =>
          m.subject.endsWith('citizen.message-received'),
        );
      },
      { message: 'the dialog dead-lettered the broken message' },
    );
    const replay = await callJson(dialog.url, 'POST', `/admin/dead-letters/dialog/replay?seq=${held.seq}`, {
      token: admin,
    });
    expect(replay.status).toBe(409);
    expect(replay.body.message).toContain('npm run dead-letters -- replay dialog --seq');
    // Still there for the operators' command; nothing was tried at the broker.
    const still = await callJson(dialog.url, 'GET', `/admin/dead-letters/dialog?seq=${held.seq}`, {
      token: admin,
    });
    expect(still.body).toHaveLength(1);
    expect(
      (await callJson(dialog.url, 'DELETE', `/admin/dead-letters/dialog?seq=${held.seq}`, { token: admin }))
        .body,
    ).toEqual({ dropped: 1 });
    expect(nats.log).not.toMatch(/violation/i);
  }, 60_000);
});
