import { StaffClaims } from '@citizen-desk/auth';
import { gatewayEnvSchema, loadConfig } from '@citizen-desk/config';
import { callJson, eventually } from '@citizen-desk/testing';
import { FakeDelivery, postSignedCallback, subscriptionCallback } from '@citizen-desk/viber-simulator';
import { startGateway } from '../../services/gateway/src/gateway.app';
import { staffTokenOf, startPlatform, VIBER_TOKEN } from './platform.fixture';
import { nextToken } from './viber-callbacks';

type Platform = Awaited<ReturnType<typeof startPlatform>>;
const DEPARTMENT = 'local-self-government';

const staff = (sub: string, roles: StaffClaims['roles']): Promise<string> =>
  staffTokenOf({ sub, email: `${sub}@budva.local`, name: sub, roles, departments: [DEPARTMENT] });

interface CampaignView {
  id: string;
  status: string;
  stats: {
    planned: number;
    sent: number;
    failed: { total: number; byReason: Record<string, number> };
    batches: { planned: number; completed: number };
  };
}

const ids = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}==`);

async function subscribe(p: Platform, viberIds: string[]): Promise<void> {
  for (const id of viberIds) {
    const res = await postSignedCallback(
      p.webhookUrl,
      VIBER_TOKEN,
      subscriptionCallback({ viberId: id, name: 'Građanin' }, 'subscribed', nextToken(), Date.now()),
    );
    expect(res.status).toBe(200);
  }
}

async function sendCampaign(p: Platform, author: string, boss: string): Promise<string> {
  const call = (token: string, path: string, body: unknown = {}) =>
    callJson(p.broadcast.url, 'POST', path, { token, body });
  const created = await call(author, '/broadcast/campaigns', {
    title: 'Voda',
    department: DEPARTMENT,
    content: { texts: { 'cnr-Latn': 'Sjutra nema vode.', 'cnr-Cyrl': 'Сјутра нема воде.', en: 'No water.' } },
  });
  expect(created.status).toBe(201);
  const id = (created.body as { id: string }).id;
  expect((await call(author, `/broadcast/campaigns/${id}/submit`)).status).toBe(200);
  expect((await call(boss, `/broadcast/campaigns/${id}/approve`)).status).toBe(200);
  return id;
}

const completed = (p: Platform, token: string, id: string) =>
  eventually(
    async () => {
      const r = await callJson(p.broadcast.url, 'GET', `/broadcast/campaigns/${id}`, { token });
      const c = r.body as CampaignView;
      return c.status === 'completed' ? c : undefined;
    },
    { timeoutMs: 60000, intervalMs: 200, message: `campaign ${id} completed` },
  );

function countsOf(deliveries: FakeDelivery[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of deliveries)
    if (d.via === 'broadcast_message') counts.set(d.receiver, (counts.get(d.receiver) ?? 0) + 1);
  return counts;
}

describe('broadcast: a campaign never stalls', () => {
  describe('rate limits', () => {
    let p: Platform;
    let author: string;
    let boss: string;
    const citizens = ids('rl', 40);

    beforeAll(async () => {
      p = await startPlatform({
        BROADCAST_BATCH_SIZE: '10',
        BROADCAST_RETRY_BASE_MS: '50',
        BROADCAST_RATE_LIMITED_RETRIES: '5',
      });
      author = await staff('ana-author', ['editor']);
      boss = await staff('boris-boss', ['supervisor']);
      await subscribe(p, citizens);
      await eventually(
        async () =>
          (
            (await callJson(p.broadcast.url, 'GET', '/broadcast/audience', { token: boss })).body as {
              total: number;
            }
          ).total === citizens.length,
        { timeoutMs: 20000, message: 'subscribers projected' },
      );
    });
    afterAll(async () => {
      await p?.stop();
    });

    it('retries recipients that Viber listed with status 12, and whole batches refused with status 12, until each got it once', async () => {
      p.viber.reset();
      p.viber.rateLimitReceiver(citizens[3], 2);
      p.viber.rateLimitReceiver(citizens[17], 1);
      // Whole calls refused with 12, more often than the gateway once tried: it retries them without limit.
      p.viber.failNext(6, { viberStatus: 12, statusMessage: 'tooManyRequests' });
      const id = await sendCampaign(p, author, boss);
      const done = await completed(p, boss, id);
      const counts = countsOf(p.viber.deliveries());
      const missing = citizens.filter((c) => !counts.has(c));
      const twice = [...counts].filter(([, n]) => n > 1).map(([c]) => c);
      expect({ missing, twice }).toEqual({ missing: [], twice: [] });
      expect(done.stats).toMatchObject({ planned: 40, sent: 40, failed: { total: 0 } });
      expect(done.stats.batches.completed).toBe(done.stats.batches.planned);
    });
  });

  describe('a batch the gateway never reports on', () => {
    let p: Platform;
    let author: string;
    let boss: string;
    const citizens = ids('st', 30);

    beforeAll(async () => {
      p = await startPlatform({
        BROADCAST_BATCH_SIZE: '10',
        BROADCAST_MAX_BATCHES_IN_FLIGHT: '1',
        BROADCAST_BATCH_REISSUE_AFTER_SECONDS: '0.5',
        BROADCAST_BATCH_MAX_REISSUES: '0',
      });
      author = await staff('ana-author', ['editor']);
      boss = await staff('boris-boss', ['supervisor']);
      await subscribe(p, citizens);
      await eventually(
        async () =>
          (
            (await callJson(p.broadcast.url, 'GET', '/broadcast/audience', { token: boss })).body as {
              total: number;
            }
          ).total === citizens.length,
        { timeoutMs: 20000, message: 'subscribers projected' },
      );
    });
    afterAll(async () => {
      await p?.stop();
    });

    it('releases its in-flight slot: the batch is counted as failed and the campaign goes on to complete', async () => {
      // No gateway: nobody sends or reports, as when the command was dropped.
      await p.gateway.stop();
      const id = await sendCampaign(p, author, boss);
      const done = await completed(p, boss, id);
      expect(done.stats).toMatchObject({
        planned: 30,
        sent: 0,
        failed: { total: 30, byReason: { 'no report from the gateway': 30 } },
        batches: { planned: 3, completed: 3 },
      });
      p.gateway = await startGateway(loadConfig(gatewayEnvSchema, p.env));
    });
  });
});
