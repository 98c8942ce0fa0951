// The functions passed to page.evaluate run inside Chromium, where `document` exists.
/// <reference lib="dom" />
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { makeEnvelope } from '@citizen-desk/contracts';
import { eventually } from '@citizen-desk/testing';
import { postSignedCallback } from '@citizen-desk/viber-simulator';
import { describeInBrowser, launchChromium } from './browser';
import { analyticsGet, staffTokenOf, startPlatform, VIBER_TOKEN } from './platform.fixture';
import { conversationStartedCallback, textMessageCallback } from './viber-callbacks';

type Platform = Awaited<ReturnType<typeof startPlatform>>;

/** Stands in for the handoff service's POST /auth/login: one official account, supervisor of both departments. */
async function startLoginServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      // Signed at sign-in time, with the key published in the platform started meanwhile.
      const token = await staffTokenOf({
        sub: 'e2e-official',
        email: 'official@budva.local',
        name: 'Official',
        roles: ['official', 'supervisor'],
        departments: ['local-self-government', 'communal-services'],
      });
      const { email, password } = JSON.parse(body || '{}');
      const ok = email === 'official@budva.local' && password === 'correct horse battery';
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          ok
            ? { token, expiresAt: new Date(Date.now() + 3600_000).toISOString() }
            : { statusCode: 401, message: 'Wrong email or password' },
        ),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/auth/login`, server };
}

describeInBrowser('the officials dashboard in headless Chromium', () => {
  let p: Platform;
  let login: { url: string; server: Server };

  beforeAll(async () => {
    login = await startLoginServer();
    p = await startPlatform({ STAFF_LOGIN_URL: login.url });
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
    await p?.stop();
    await new Promise((r) => login?.server.close(r));
  }, 30_000);

  it('signs an official in, draws every chart from the live figures and refreshes', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1360, height: 980 } });
      const external: string[] = [];
      page.on(
        'request',
        (r) => void (new URL(r.url()).host !== new URL(p.analytics.url).host && external.push(r.url())),
      );
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      // A CSP violation (an inline script, say) shows as a console error.
      page.on(
        'console',
        (m) =>
          void (
            m.type() === 'error' &&
            !m.location().url.endsWith('/favicon.ico') &&
            errors.push(`${m.text()} ${m.location().url}`)
          ),
      );
      const response = await page.goto(`${p.analytics.url}/dashboard?refresh=1`);
      expect(response!.headers()['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      await page.fill('#email', 'official@budva.local');
      await page.fill('#password', 'wrong');
      await page.click('#login-form button');
      await page.waitForFunction(() => document.getElementById('login-error')!.textContent!.length > 0);
      expect(await page.textContent('#login-error')).toBe('Wrong email or password');

      await page.fill('#password', 'correct horse battery');
      await page.click('#login-form button');
      await page.waitForSelector('body[data-loaded]');
      const share = await analyticsGet(p.analytics.url, '/analytics/answered-share');
      expect(await page.textContent('#kpi-questions')).toBe(String(share.total.questions));
      expect(await page.textContent('#kpi-answered')).toBe(
        `${Math.round(share.total.answeredShare * 100)} %`,
      );
      expect(await page.locator('#chart-topics svg rect').count()).toBeGreaterThan(0);
      expect(await page.locator('#chart-share svg polyline').count()).toBe(3);
      expect(await page.textContent('#chart-operators')).toContain('Ana Marković · local-self-government');
      expect(await page.textContent('#chart-operators')).toContain('40 s / 95 s');
      expect(await page.textContent('#chart-campaigns')).toContain('Water supply interruption, Rozino');
      const notUnderstood = await analyticsGet(p.analytics.url, '/analytics/not-understood?limit=15');
      expect(await page.locator('#not-understood tbody tr').count()).toBe(notUnderstood.rows.length);
      expect(await page.textContent('#launch-summary')).toMatch(/^First hour: \d+ questions/);
      // Category, filed in range, open, received, in progress, resolved, not ours, duplicate.
      const reportRow = async (category: string) =>
        (await page.locator(`#reports tr[data-category="${category}"] td.n`).allTextContents()).join(' ');
      expect(await reportRow('street-lighting')).toBe('2 2 1 1 0 0 0');
      expect(await reportRow('illegal-dump')).toBe('1 0 0 0 1 0 0');

      // Filters: one department, then a range by hour.
      await page.selectOption('#department', 'local-self-government');
      await page.waitForFunction(() => document.getElementById('status')!.textContent!.startsWith('Updated'));
      expect(await page.textContent('#chart-campaigns')).toContain('No campaigns in this range'); // a communal-services campaign
      expect(await page.textContent('#reports')).toContain('No reports.'); // communal-services reports too
      await page.selectOption('#department', '');
      await page.selectOption('#range', '24h');
      await page.waitForFunction(() => document.getElementById('status')!.textContent!.startsWith('Updated'));
      expect(await page.locator('#chart-topics svg rect').count()).toBeGreaterThan(0);
      expect(await page.textContent('#chart-campaigns')).toContain('Water supply interruption, Rozino');
      // The README's screenshot is refreshed on demand, so a test run leaves the checkout unchanged.
      if (process.env.UPDATE_SCREENSHOTS)
        await page.screenshot({ path: 'docs/dashboard.png', fullPage: true });

      // It refreshes by itself, without a click.
      const loadedAt = await page.getAttribute('body', 'data-loaded');
      await page.waitForFunction((t) => document.body.getAttribute('data-loaded') !== t, loadedAt);
      expect(external).toEqual([]);
      // The wrong password's 401 is the only error the page may have seen.
      expect(errors.filter((e) => !/401/.test(e))).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
