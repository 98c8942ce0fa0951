// The functions passed to page.evaluate run inside Chromium, where `document` exists.
/// <reference lib="dom" />
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { makeEnvelope } from '@citizen-desk/contracts';
import { eventually } from '@citizen-desk/testing';
import { postSignedCallback } from '@citizen-desk/viber-simulator';
import type { StaffWeb } from '../../apps/staff-web/server/staff-web-server';
import { describeInBrowser, launchChromium } from './browser';
import { analyticsGet, staffTokenOf, startPlatform, VIBER_TOKEN } from './platform.fixture';
import { ensureBuilt, startApp, startTileStub } from './staff-web.harness';
import { conversationStartedCallback, textMessageCallback } from './viber-callbacks';

type Platform = Awaited<ReturnType<typeof startPlatform>>;

const OFFICIAL = {
  sub: 'e2e-official',
  email: 'official@budva.local',
  name: 'Official',
  roles: ['official' as const, 'supervisor' as const],
  departments: ['local-self-government', 'communal-services'],
};

/**
 * Stands in for the handoff service behind the staff app: POST /auth/login knows one official, of both
 * departments; every other handoff route is absent (404).
 */
async function startHandoffStub(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      if (req.method !== 'POST' || req.url !== '/auth/login') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"statusCode":404,"message":"not here"}');
        return;
      }
      // Signed at sign-in time, with the key published in the platform started meanwhile.
      const token = await staffTokenOf(OFFICIAL);
      const { email, password } = JSON.parse(body || '{}');
      const ok = email === OFFICIAL.email && password === 'correct horse battery';
      const { sub, ...staff } = OFFICIAL;
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          ok
            ? {
                token,
                expiresAt: new Date(Date.now() + 3600_000).toISOString(),
                staff: { id: sub, ...staff },
                mustChangePassword: false,
              }
            : { statusCode: 401, message: 'Wrong email or password' },
        ),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describeInBrowser('the officials dashboard, in the staff web app in headless Chromium', () => {
  let p: Platform;
  let handoff: { url: string; server: Server };
  let tiles: Awaited<ReturnType<typeof startTileStub>>;
  let web: StaffWeb;

  beforeAll(async () => {
    ensureBuilt();
    handoff = await startHandoffStub();
    tiles = await startTileStub();
    p = await startPlatform({ STAFF_WEB_PUBLIC_URL: 'http://staff.budva.test/' });
    web = await startApp(
      { handoff: handoff.url, dialog: p.dialog.url, broadcast: p.broadcast.url, analytics: p.analytics.url },
      tiles.url,
    );
    // Citizens write through the real webhook; the dialog answers and analytics projects what it said.
    const citizens = ['dash-1==', 'dash-2==', 'dash-3=='];
    for (const c of citizens)
      await postSignedCallback(p.webhookUrl, VIBER_TOKEN, conversationStartedCallback(c));
    await postSignedCallback(
      p.webhookUrl,
      VIBER_TOKEN,
      textMessageCallback(citizens[0], 'porez na nepokretnosti'),
    );
    await postSignedCallback(p.webhookUrl, VIBER_TOKEN, textMessageCallback(citizens[1], 'porez na imovinu'));
    await postSignedCallback(
      p.webhookUrl,
      VIBER_TOKEN,
      textMessageCallback(citizens[2], 'Kada radi bazen na Slovenskoj plaži?'),
    );
    await postSignedCallback(
      p.webhookUrl,
      VIBER_TOKEN,
      textMessageCallback(citizens[0], 'kada radi BAZEN na slovenskoj plazi'),
    );
    // Handoff and broadcast run as their own services; their events are published as they would be.
    const now = Date.now();
    const at = (s: number) => new Date(now - 3600_000 + s * 1000).toISOString();
    const dept = 'local-self-government';
    const events = [
      makeEnvelope({
        type: 'HandoffSessionQueued',
        version: 1,
        streamId: 'h1',
        occurredAt: at(0),
        data: {
          sessionId: 'h1',
          citizenId: 'viber:dash-1==',
          department: dept,
          topic: null,
          language: 'cnr-Latn',
          requestedAt: at(0),
          queuedAt: at(0),
          outsideOfficeHours: false,
        },
      }),
      makeEnvelope({
        type: 'HandoffSessionAssigned',
        version: 1,
        streamId: 'h1',
        occurredAt: at(40),
        data: {
          sessionId: 'h1',
          citizenId: 'viber:dash-1==',
          department: dept,
          operatorId: 'op-ana',
          operatorName: 'Ana Marković',
          assignedBy: 'claim',
          queuedAt: at(0),
          assignedAt: at(40),
        },
      }),
      makeEnvelope({
        type: 'HandoffMessageFromOperator',
        version: 1,
        streamId: 'h1',
        occurredAt: at(95),
        data: {
          sessionId: 'h1',
          citizenId: 'viber:dash-1==',
          department: dept,
          operatorId: 'op-ana',
          operatorName: 'Ana Marković',
          messageId: '20000000-0000-4000-8000-000000000001',
          text: 'Dobar dan',
          sentAt: at(95),
        },
      }),
      makeEnvelope({
        type: 'CampaignCreated',
        version: 1,
        streamId: 'k1',
        occurredAt: at(100),
        data: {
          campaignId: 'k1',
          department: 'communal-services',
          at: at(100),
          by: 'staff-1',
          title: 'Water supply interruption, Rozino',
          content: { texts: { 'cnr-Latn': 'Nema vode' } },
          audience: { categories: [], languages: [] },
        },
      }),
      makeEnvelope({
        type: 'CampaignStarted',
        version: 1,
        streamId: 'k1',
        occurredAt: at(200),
        data: { campaignId: 'k1', department: 'communal-services', at: at(200), targeted: 3 },
      }),
      makeEnvelope({
        type: 'BroadcastBatchSent',
        version: 1,
        streamId: 'k1',
        occurredAt: at(201),
        data: {
          batchId: 'kb1',
          campaignId: 'k1',
          origin: 'broadcast',
          channelMessageId: 'kbc1',
          sent: ['viber:dash-1==', 'viber:dash-2=='],
          failed: [{ citizenId: 'viber:dash-3==', reason: 'not subscribed', code: 6 }],
          attempts: 1,
        },
      }),
      makeEnvelope({
        type: 'MessageDelivered',
        version: 1,
        streamId: 'k1',
        occurredAt: at(205),
        data: { citizenId: 'viber:dash-1==', channelMessageId: 'kbc1', at: at(205) },
      }),
      makeEnvelope({
        type: 'MessageSeen',
        version: 1,
        streamId: 'k1',
        occurredAt: at(260),
        data: { citizenId: 'viber:dash-1==', channelMessageId: 'kbc1', at: at(260) },
      }),
      // Reports from the handoff service: two street lights (one now in progress), one dump resolved.
      ...[
        ['rep-1', 'street-lighting', 'in-progress'],
        ['rep-2', 'street-lighting', null],
        ['rep-3', 'illegal-dump', 'resolved'],
      ].flatMap(([reportId, category, status], i) => {
        const reference = `BD-2026-00000${i + 1}`;
        const common = {
          reportId: reportId!,
          reference,
          category: category!,
          department: 'communal-services',
        };
        const filed = makeEnvelope({
          type: 'ReportFiled',
          version: 1,
          streamId: `report-${reference}`,
          occurredAt: at(300 + i),
          data: {
            ...common,
            description: 'Ne radi',
            language: 'cnr-Latn',
            channel: 'viber',
            citizenId: 'viber:dash-2==',
            submissionId: `sub-${i}`,
            filedAt: at(300 + i),
          },
        });
        if (!status) return [filed];
        const changed = makeEnvelope({
          type: 'ReportStatusChanged',
          version: 1,
          streamId: `report-${reference}`,
          occurredAt: at(400 + i),
          data: {
            ...common,
            from: 'received',
            status,
            note: 'U toku',
            changedBy: { staffId: 'staff-1', name: 'Marko' },
            at: at(400 + i),
          },
        });
        return [filed, changed];
      }),
    ];
    for (const e of events) await p.analytics.runtime.messaging.publish(e);
    await eventually(
      async () => {
        const share = await analyticsGet(p.analytics.url, '/analytics/answered-share');
        const campaigns = await analyticsGet(p.analytics.url, '/analytics/campaigns');
        const handoff = await analyticsGet(p.analytics.url, '/analytics/handoff');
        const reports = await analyticsGet(p.analytics.url, '/analytics/reports');
        return (
          share.total.questions >= 4 &&
          campaigns.rows[0]?.seen === 1 &&
          handoff.rows.some((r: { firstReplies: number }) => r.firstReplies === 1) &&
          reports.statusNow.some((r: { resolved: number }) => r.resolved === 1)
        );
      },
      { message: 'the figures are projected', timeoutMs: 30_000 },
    );
  }, 90_000);

  afterAll(async () => {
    await web?.stop();
    await p?.stop();
    await new Promise((r) => handoff?.server.close(r));
    await new Promise((r) => tiles?.server.close(r));
  }, 30_000);

  it('sends the old /dashboard address to the staff app', async () => {
    const old = await fetch(`${p.analytics.url}/dashboard`, { redirect: 'manual' });
    expect(old.status).toBe(302);
    expect(old.headers.get('location')).toBe('http://staff.budva.test/dashboard');
  });

  it('signs an official in and shows the live figures on the dashboard screen', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1360, height: 980 } });
      const external: string[] = [];
      page.on(
        'request',
        (r) => void (new URL(r.url()).host !== new URL(web.url).host && external.push(r.url())),
      );
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${web.url}/dashboard`);
      await page.getByLabel('E-pošta').fill(OFFICIAL.email);
      await page.getByLabel('Lozinka').fill('wrong');
      await page.getByRole('button', { name: 'Prijava' }).click();
      await page.getByRole('alert').filter({ hasText: 'Wrong email or password' }).waitFor();

      await page.getByLabel('Lozinka').fill('correct horse battery');
      await page.getByRole('button', { name: 'Prijava' }).click();
      await page
        .getByRole('navigation', { name: 'Glavna navigacija' })
        .getByRole('link', { name: 'Pregled' })
        .click();
      await page.locator('#kpi-questions').waitFor();
      const share = await analyticsGet(p.analytics.url, '/analytics/answered-share');
      await eventually(
        async () =>
          (await page.textContent('#kpi-questions'))?.trim() ===
          new Intl.NumberFormat('sr-Latn-ME').format(share.total.questions),
        { message: 'the questions figure as the API counts it' },
      );
      // The operator's handling and the campaign, from the events of the other services.
      await page.getByText('Water supply interruption, Rozino').first().waitFor();
      await page.getByText('Ana Marković').first().waitFor();
      expect(external).toEqual([]);
      // The wrong password's 401 is the only error the page may have seen.
      expect(errors.filter((e) => !/401/.test(e))).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
