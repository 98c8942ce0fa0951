import { StaffClaims } from '@citizen-desk/auth';
import { makeEnvelope } from '@citizen-desk/contracts';
import { callJson, eventually, waitUntilConsumersIdle, waitUntilIdle } from '@citizen-desk/testing';
import {
  FakeDelivery,
  postSignedCallback,
  receiptCallback,
  subscriptionCallback,
} from '@citizen-desk/viber-simulator';
import { staffTokenOf, startPlatform, VIBER_TOKEN } from './platform.fixture';
import { nextToken, textMessageCallback } from './viber-callbacks';

type Platform = Awaited<ReturnType<typeof startPlatform>>;
const DEPARTMENT = 'local-self-government';
const TEXTS = {
  'cnr-Latn': 'Sjutra nema vode od 8 do 12.',
  'cnr-Cyrl': 'Сјутра нема воде од 8 до 12.',
  en: 'No water tomorrow from 8 to 12.',
};

const staff = (sub: string, roles: StaffClaims['roles'], departments = [DEPARTMENT]): Promise<string> =>
  staffTokenOf({ sub, email: `${sub}@budva.local`, name: sub, roles, departments });

interface CampaignStatsView {
  targeted: number;
  planned: number;
  sent: number;
  delivered: number;
  seen: number;
  unsubscribedSince: number;
  failed: { total: number; byReason: Record<string, number> };
  batches: { planned: number; completed: number };
}
/** What the broadcast API answers: a campaign, an audience size or an error, read loosely. */
interface ApiBody {
  id: string;
  status: string;
  message: string;
  total: number;
  byLanguage: Record<string, number>;
  audienceSize: { total: number };
  stats: CampaignStatsView;
}

async function call(p: Platform, token: string, method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await callJson(p.broadcast.url, method, path, { token, body });
  return { status: res.status, body: res.body as ApiBody };
}

/** Citizens subscribe through signed Viber callbacks; languages and categories come as the dialog would publish them. */
async function subscribe(
  p: Platform,
  viberIds: string[],
  language?: 'cnr-Cyrl' | 'en',
  categories?: string[],
) {
  for (let i = 0; i < viberIds.length; i += 25) {
    await Promise.all(
      viberIds.slice(i, i + 25).map(async (id) => {
        const res = await postSignedCallback(
          p.webhookUrl,
          VIBER_TOKEN,
          subscriptionCallback({ viberId: id, name: 'Građanin' }, 'subscribed', nextToken(), Date.now()),
        );
        expect(res.status).toBe(200);
        const citizenId = await p.citizenIdOf(id);
        const at = new Date().toISOString();
        if (language) {
          await p.dialog.runtime.messaging.publish(
            makeEnvelope({
              type: 'ConversationLanguageChosen',
              version: 1,
              streamId: `conversation-${citizenId}`,
              data: { citizenId, language, at },
            }),
          );
        }
        if (categories) {
          await p.dialog.runtime.messaging.publish(
            makeEnvelope({
              type: 'NoticeCategoriesChosen',
              version: 1,
              streamId: `conversation-${citizenId}`,
              data: { citizenId, categories, at },
            }),
          );
        }
      }),
    );
  }
}

const ids = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}==`);
const broadcastDeliveries = (p: Platform): FakeDelivery[] =>
  p.viber.deliveries().filter((d) => d.via === 'broadcast_message');

function expectEachOnce(deliveries: FakeDelivery[], expected: string[]) {
  const counts = new Map<string, number>();
  for (const d of deliveries) counts.set(d.receiver, (counts.get(d.receiver) ?? 0) + 1);
  const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
  const missing = expected.filter((id) => !counts.has(id));
  const unexpected = [...counts.keys()].filter((id) => !expected.includes(id));
  expect({ twice, missing, unexpected }).toEqual({ twice: [], missing: [], unexpected: [] });
}

async function createApproved(
  p: Platform,
  author: string,
  approver: string,
  body: Record<string, unknown> = {},
) {
  const created = await call(p, author, 'POST', '/broadcast/campaigns', {
    title: 'Voda',
    department: DEPARTMENT,
    content: { texts: TEXTS },
    ...body,
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  expect((await call(p, author, 'POST', `/broadcast/campaigns/${id}/submit`)).status).toBe(200);
  expect((await call(p, approver, 'POST', `/broadcast/campaigns/${id}/approve`, {})).status).toBe(200);
  return id;
}

/**
 * After a pause or a cancel: waits until the batches already handed to the gateway are sent and
 * reported and the platform is idle, then shows that a further fan-out pass (as the poller makes
 * one) sends and plans nothing more. Returns the deliveries so far.
 */
async function deliveriesOnceStopped(
  p: Platform,
  token: string,
  id: string,
  status: 'paused' | 'cancelled',
): Promise<number> {
  await waitUntilIdle(p.namespace, { timeoutMs: 20000 });
  const stopped = (await call(p, token, 'GET', `/broadcast/campaigns/${id}`)).body;
  expect(stopped).toMatchObject({ status });
  // Every batch handed over has been reported, so the fan-out had room to plan more and did not.
  expect(stopped.stats.batches.completed).toBe(stopped.stats.batches.planned);
  const sent = broadcastDeliveries(p).length;
  await p.broadcast.fanout.tick();
  await waitUntilIdle(p.namespace);
  expect(broadcastDeliveries(p).length).toBe(sent);
  const after = (await call(p, token, 'GET', `/broadcast/campaigns/${id}`)).body;
  expect(after).toMatchObject({ status, stats: { batches: stopped.stats.batches } });
  return sent;
}

const waitForStatus = (p: Platform, token: string, id: string, status: string, timeoutMs = 30000) =>
  eventually(
    async () => {
      const r = await call(p, token, 'GET', `/broadcast/campaigns/${id}`);
      return r.body.status === status ? r.body : undefined;
    },
    { timeoutMs, intervalMs: 100, message: `campaign ${status}` },
  );

describe('broadcast: a notice to every subscriber, end to end', () => {
  let p: Platform;
  let author: string;
  let boss: string;
  const latin = ids('lat', 330);
  const cyrillic = ids('cyr', 40);
  const english = ids('eng', 30);
  const gone = 'lat-gone==';
  const blockedAtViber = latin[7];

  beforeAll(async () => {
    p = await startPlatform();
    // The author is also a supervisor: the four-eyes rule must hold for them too.
    author = await staff('ana-author', ['editor', 'supervisor']);
    boss = await staff('boris-boss', ['supervisor']);
    await subscribe(p, [...latin, gone]);
    await subscribe(p, cyrillic, 'cnr-Cyrl', ['culture']);
    await subscribe(p, english, 'en', ['health']);
    await postSignedCallback(
      p.webhookUrl,
      VIBER_TOKEN,
      subscriptionCallback({ viberId: gone, name: 'X' }, 'unsubscribed', nextToken(), Date.now() + 1000),
    );
    p.viber.unsubscribed(blockedAtViber);
    await eventually(async () => (await call(p, boss, 'GET', '/broadcast/audience')).body.total === 400, {
      timeoutMs: 20000,
      message: 'subscribers projected',
    });
    // Languages and subjects come through their own consumer, which may still be behind the subscriptions.
    const projections = ['broadcast-subscribers-citizen', 'broadcast-subscribers-dialog'];
    await waitUntilConsumersIdle(p.namespace, projections, { timeoutMs: 20000 });
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('knows the audience size per language and filter before sending', async () => {
    expect((await call(p, boss, 'GET', '/broadcast/audience')).body).toEqual({
      total: 400,
      byLanguage: { 'cnr-Latn': 330, 'cnr-Cyrl': 40, en: 30 },
    });
    // Who chose no subject gets every notice; who chose only culture does not get health notices.
    expect((await call(p, boss, 'GET', '/broadcast/audience?categories=health')).body.total).toBe(360);
    expect((await call(p, boss, 'GET', '/broadcast/audience?categories=culture')).body.total).toBe(370);
    expect((await call(p, boss, 'GET', '/broadcast/audience?languages=cnr-Cyrl,en')).body.total).toBe(70);
    expect((await call(p, boss, 'GET', '/broadcast/audience?languages=de')).status).toBe(400);
  });

  it('enforces roles, departments and four eyes, and sends a test to the author’s own Viber id', async () => {
    const operator = await staff('olga-operator', ['operator']);
    const elsewhere = await staff('eve', ['supervisor'], ['tourism']);
    expect(
      (
        await call(p, operator, 'POST', '/broadcast/campaigns', {
          title: 'x',
          department: DEPARTMENT,
          content: { texts: TEXTS },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(p, elsewhere, 'POST', '/broadcast/campaigns', {
          title: 'x',
          department: DEPARTMENT,
          content: { texts: TEXTS },
        })
      ).status,
    ).toBe(403);
    const bad = await call(p, author, 'POST', '/broadcast/campaigns', {
      title: 'x',
      department: DEPARTMENT,
      content: { texts: {} },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/content.texts.cnr-Latn/);

    const created = await call(p, author, 'POST', '/broadcast/campaigns', {
      title: 'Test',
      department: DEPARTMENT,
      content: { texts: TEXTS },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', audienceSize: { total: 400 } });
    const id = created.body.id;

    expect((await call(p, author, 'POST', `/broadcast/campaigns/${id}/approve`)).status).toBe(409); // not submitted

    // A test goes only to the staff member's own Viber account, once they have linked it.
    const testIt = () => call(p, author, 'POST', `/broadcast/campaigns/${id}/test`, { language: 'en' });
    const unlinked = await testIt();
    expect(unlinked.status).toBe(409);
    expect(unlinked.body).toMatchObject({ reason: 'no-linked-viber' });
    expect(
      (await call(p, author, 'POST', `/broadcast/campaigns/${id}/test`, { viberId: 'someone-else==' }))
        .status,
    ).toBe(400);
    const { code } = (await call(p, author, 'POST', '/broadcast/me/viber-link')).body as unknown as {
      code: string;
    };
    expect(code).toMatch(/^LINK-[A-Z2-9]{6}$/);
    await postSignedCallback(p.webhookUrl, VIBER_TOKEN, textMessageCallback('ana-own==', code.toLowerCase()));
    await eventually(
      async () =>
        ((await call(p, author, 'GET', '/broadcast/me/viber-link')).body as unknown as { linked: boolean })
          .linked,
      { message: 'the Viber account linked' },
    );
    expect((await testIt()).status).toBe(200);
    const test = await eventually(() =>
      p.viber.sentMessages().find((m) => m.receiver === 'ana-own==' && m.text === TEXTS.en),
    );
    expect(test).toMatchObject({ type: 'text', text: TEXTS.en });
    // The code worked once: sent again from another account it links nothing.
    await postSignedCallback(p.webhookUrl, VIBER_TOKEN, textMessageCallback('intruder==', code));
    // At most ten an hour.
    for (let i = 1; i < 10; i++) expect((await testIt()).status).toBe(200);
    const over = await testIt();
    expect(over.status).toBe(429);
    await waitUntilIdle(p.namespace, { timeoutMs: 60_000 });
    expect(
      p.viber.sentMessages().filter((m) => m.receiver === 'ana-own==' && m.text === TEXTS.en),
    ).toHaveLength(10);
    // Writing to the bot made both subscribers; they leave again, so the audience of the next tests is as it was.
    for (const viberId of ['ana-own==', 'intruder=='])
      await postSignedCallback(
        p.webhookUrl,
        VIBER_TOKEN,
        subscriptionCallback({ viberId, name: 'X' }, 'unsubscribed', nextToken(), Date.now() + 1000),
      );
    await eventually(async () => (await call(p, boss, 'GET', '/broadcast/audience')).body.total === 400, {
      timeoutMs: 20000,
      message: 'the audience as it was',
    });
    expect(
      p.viber.sentMessages().filter((m) => m.receiver === 'intruder==' && m.text === TEXTS.en),
    ).toHaveLength(0);

    expect((await call(p, author, 'POST', `/broadcast/campaigns/${id}/submit`)).status).toBe(200);
    const selfApproval = await call(p, author, 'POST', `/broadcast/campaigns/${id}/approve`);
    expect(selfApproval.status).toBe(403);
    expect(selfApproval.body.message).toMatch(/author/);
    expect((await call(p, operator, 'POST', `/broadcast/campaigns/${id}/approve`)).status).toBe(403);
    expect((await call(p, elsewhere, 'GET', `/broadcast/campaigns/${id}`)).status).toBe(403);
    expect(
      (await call(p, boss, 'POST', `/broadcast/campaigns/${id}/cancel`, { reason: 'only a test' })).body
        .status,
    ).toBe('cancelled');
    expect(broadcastDeliveries(p)).toEqual([]);
  });

  it('sends once to every subscriber in their language, in batches of at most 300, and tracks what happened', async () => {
    const id = await createApproved(p, author, boss);
    const done = await waitForStatus(p, boss, id, 'completed');
    const deliveries = broadcastDeliveries(p);
    const reachable = [...latin.filter((x) => x !== blockedAtViber), ...cyrillic, ...english];
    expectEachOnce(deliveries, reachable);
    for (const d of deliveries) {
      const expected = cyrillic.includes(d.receiver)
        ? TEXTS['cnr-Cyrl']
        : english.includes(d.receiver)
          ? TEXTS.en
          : TEXTS['cnr-Latn'];
      expect(d.body.text).toBe(expected);
    }
    const calls = p.viber.requests
      .filter((r) => r.path.endsWith('/broadcast_message'))
      .map((r) => (r.body as { broadcast_list: string[] }).broadcast_list);
    expect(Math.max(...calls.map((c) => c.length))).toBeLessThanOrEqual(300);
    expect(calls.map((c) => c.length).sort((a, b) => a - b)).toEqual([30, 30, 40, 300]);
    expect(done.stats).toMatchObject({
      targeted: 400,
      planned: 400,
      sent: 399,
      failed: { total: 1, byReason: { notSubscribed: 1 } },
      batches: { planned: 4, completed: 4 },
    });

    // Receipts come back through the webhook and are matched to the recipient's message.
    const tokenOf = new Map(deliveries.map((d) => [d.receiver, d.messageToken]));
    const post = (event: 'delivered' | 'seen', who: string) =>
      postSignedCallback(
        p.webhookUrl,
        VIBER_TOKEN,
        receiptCallback(event, who, tokenOf.get(who)!, Date.now()),
      );
    await Promise.all([
      ...cyrillic.map((c) => post('delivered', c)),
      ...english.slice(0, 10).map((c) => post('seen', c)),
      post('delivered', latin[0]),
      post('delivered', latin[0]),
    ]);
    await postSignedCallback(
      p.webhookUrl,
      VIBER_TOKEN,
      subscriptionCallback({ viberId: english[20], name: 'E' }, 'unsubscribed', nextToken(), Date.now()),
    );
    const stats = await eventually(
      async () => {
        const s = (await call(p, boss, 'GET', `/broadcast/campaigns/${id}`)).body.stats;
        return s.delivered === 51 && s.seen === 10 && s.unsubscribedSince === 1 ? s : undefined;
      },
      { timeoutMs: 15000, message: 'receipts reflected' },
    );
    expect(stats).toMatchObject({ sent: 399, delivered: 51, seen: 10, unsubscribedSince: 1 });
  });

  it('reaches only the chosen category and languages', async () => {
    const before = broadcastDeliveries(p).length;
    const id = await createApproved(p, author, boss, {
      audience: { categories: ['health'], languages: ['en'] },
    });
    await waitForStatus(p, boss, id, 'completed');
    const mine = broadcastDeliveries(p).slice(before);
    // english[20] unsubscribed in the test before.
    expectEachOnce(
      mine,
      english.filter((e) => e !== english[20]),
    );
  });
});

describe('broadcast: pause, resume, cancel, and a kill and restart mid-campaign', () => {
  let p: Platform;
  let author: string;
  let boss: string;
  const citizens = ids('pr', 200);

  beforeAll(async () => {
    // Small batches and a slow rate budget, so that a campaign is still sending while the test acts on it.
    p = await startPlatform({
      BROADCAST_BATCH_SIZE: '10',
      BROADCAST_MAX_BATCHES_IN_FLIGHT: '2',
      VIBER_BROADCAST_RATE_PER_SECOND: '8',
    });
    author = await staff('ana-author', ['editor']);
    boss = await staff('boris-boss', ['supervisor']);
    await subscribe(p, citizens);
    await eventually(async () => (await call(p, boss, 'GET', '/broadcast/audience')).body.total === 200, {
      timeoutMs: 20000,
      message: 'subscribers projected',
    });
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('stops sending when paused and continues where it was when resumed', async () => {
    p.viber.reset();
    const id = await createApproved(p, author, boss);
    await eventually(() => broadcastDeliveries(p).length >= 30, { timeoutMs: 20000 });
    expect((await call(p, boss, 'POST', `/broadcast/campaigns/${id}/pause`)).body.status).toBe('paused');
    // What was already handed to the gateway (at most 2 batches) still goes; then nothing.
    const whilePaused = await deliveriesOnceStopped(p, boss, id, 'paused');
    expect(whilePaused).toBeLessThan(200);
    expect((await call(p, boss, 'POST', `/broadcast/campaigns/${id}/resume`)).body.status).toBe('sending');
    await waitForStatus(p, boss, id, 'completed');
    expectEachOnce(broadcastDeliveries(p), citizens);
  });

  it('stops for good when cancelled', async () => {
    p.viber.reset();
    const id = await createApproved(p, author, boss);
    await eventually(() => broadcastDeliveries(p).length >= 20, { timeoutMs: 20000 });
    expect((await call(p, boss, 'POST', `/broadcast/campaigns/${id}/cancel`)).body.status).toBe('cancelled');
    const afterCancel = await deliveriesOnceStopped(p, boss, id, 'cancelled');
    expect(afterCancel).toBeLessThan(200);
    expect((await call(p, boss, 'POST', `/broadcast/campaigns/${id}/resume`)).status).toBe(409);
  });

  it('after the broadcast service and the gateway are stopped mid-campaign and started again, every subscriber gets it exactly once', async () => {
    p.viber.reset();
    const id = await createApproved(p, author, boss);
    await eventually(() => broadcastDeliveries(p).length >= 40, { timeoutMs: 20000 });
    await Promise.all([p.restartBroadcast(), p.restartGateway()]);
    const midway = broadcastDeliveries(p).length;
    expect(midway).toBeLessThan(200);
    // A command the old gateway had pulled but not started is redelivered after the sender's ack wait (30 s).
    const done = await waitForStatus(p, boss, id, 'completed', 100_000);
    expectEachOnce(broadcastDeliveries(p), citizens);
    expect(done.stats).toMatchObject({
      targeted: 200,
      planned: 200,
      sent: 200,
      batches: { planned: 20, completed: 20 },
    });
  }, 150_000);
});
