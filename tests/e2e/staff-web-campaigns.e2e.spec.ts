// The functions passed to page.evaluate run inside Chromium, where `document` and `window` exist.
/// <reference lib="dom" />
import { join } from 'node:path';
import { callJson, eventually } from '@citizen-desk/testing';
import { postSignedCallback, subscriptionCallback } from '@citizen-desk/viber-simulator';
import type { Browser, Page } from 'playwright-core';
import { startStaffWeb, StaffWeb } from '../../apps/staff-web/server/staff-web-server';
import { describeInBrowser, launchChromium } from './browser';
import { appDir, ensureBuilt, expectAccessible, screenshot, signIn } from './staff-web.harness';
import { handoffDriver, startPlatform, VIBER_TOKEN } from './platform.fixture';
import { nextToken, textMessageCallback } from './viber-callbacks';

type Platform = Awaited<ReturnType<typeof startPlatform>>;

const PASSWORD = 'Budva-Opstina-2026';
const DEPARTMENT = 'local-self-government';

async function signInToCampaigns(page: Page, url: string, email: string): Promise<void> {
  await signIn(page, url, email, PASSWORD);
  await page
    .getByRole('navigation', { name: 'Glavna navigacija' })
    .getByRole('link', { name: 'Obavještenja' })
    .click();
}

describeInBrowser('the campaigns screens in headless Chromium, against the real services', () => {
  let p: Platform;
  let web: StaffWeb;
  let browser: Browser;
  let driver: ReturnType<typeof handoffDriver>;

  beforeAll(async () => {
    ensureBuilt();
    p = await startPlatform({}, { handoff: true });
    driver = handoffDriver(p);
    web = await startStaffWeb({
      port: 0,
      host: '127.0.0.1',
      staticDir: join(appDir, 'dist'),
      upstreams: {
        handoff: p.handoff!.url,
        dialog: p.dialog.url,
        broadcast: p.broadcast.url,
        analytics: p.analytics.url,
      },
      publicConfig: { tileUrl: 'http://127.0.0.1:9/{z}/{x}/{y}.png', tileAttribution: 'none' },
    });
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await p?.stop();
  });

  async function newPage(): Promise<Page> {
    // The browser's own zone is not Budva's: send times must still be read and shown on Budva's clocks.
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, timezoneId: 'UTC' });
    // An element that never comes fails the step in time, rather than the whole test at Jest's limit.
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`error in the page: ${e.stack ?? e.message}`));
    return page;
  }

  it('an editor schedules a notice, a supervisor approves it, the editor changes it, a second supervisor approves it seeing the diff, and Viber gets the batches', async () => {
    const citizens = ['web-camp-1==', 'web-camp-2==', 'web-camp-3=='];
    for (const id of citizens) {
      const res = await postSignedCallback(
        p.webhookUrl,
        VIBER_TOKEN,
        subscriptionCallback({ viberId: id, name: 'Građanin' }, 'subscribed', nextToken(), Date.now()),
      );
      expect(res.status).toBe(200);
    }
    const eva = await driver.staffMember('Evica', ['editor'], [DEPARTMENT]);
    await driver.staffMember('Sanda', ['supervisor'], [DEPARTMENT]);
    await driver.staffMember('Bojan', ['supervisor'], [DEPARTMENT]);
    const api = (path: string) => callJson(p.broadcast.url, 'GET', path, { token: eva.token });

    // The editor composes: text with Viber's bold, the preview as Viber shows it, the live count, a send time.
    const editor = await newPage();
    await signInToCampaigns(editor, web.url, 'evica@budva.local');
    await editor.getByRole('tab', { name: 'Novo obavještenje' }).click();
    await editor.getByLabel('Naslov').fill('Prekid vode');
    const text = 'Sjutra od 8 do 12 h nema vode u Starom gradu. *Hvala na strpljenju.*';
    await editor.getByLabel('Poruka na jeziku: cnr-Latn').fill(text);
    await editor.locator('.viber strong', { hasText: 'Hvala na strpljenju.' }).waitFor();
    await editor.getByText(/\b[1-9]\d* primalaca/).waitFor({ timeout: 20_000 });
    await editor.getByLabel('Pošalji u (vrijeme u Budvi)').fill('2030-06-01T09:30');
    await expectAccessible(editor, 'campaigns: compose');
    await screenshot(editor, 'staff-web-campaigns-compose');
    await editor.getByRole('button', { name: 'Napravi nacrt' }).click();
    const idCell = editor.locator('[data-campaign-id]');
    await idCell.waitFor();
    const list = (await api('/broadcast/campaigns?status=draft')).body as {
      items: Array<{ id: string; title: string }>;
    };
    const campaignId = list.items.find((c) => c.title === 'Prekid vode')!.id;
    // 09:30 in Budva in June is 07:30 UTC, whatever the browser's zone (UTC here).
    expect((await api(`/broadcast/campaigns/${campaignId}`)).body).toMatchObject({
      status: 'draft',
      requestedSendAt: '2030-06-01T07:30:00.000Z',
    });
    // A test to the editor's own phone: linked by sending the bot the code the screen shows.
    await editor.getByRole('button', { name: 'Poveži moj Viber nalog' }).click();
    const shown = await editor.getByText(/Pošaljite LINK-/).textContent();
    const code = /LINK-[A-Z2-9]{6}/.exec(shown ?? '')![0];
    await postSignedCallback(p.webhookUrl, VIBER_TOKEN, textMessageCallback('evica-phone==', code));
    await editor.getByText('Vaš Viber nalog je povezan').waitFor({ timeout: 20_000 });
    await editor.getByRole('button', { name: 'Probno na moj Viber' }).click();
    await eventually(
      () => p.viber.sentMessages().find((m) => m.receiver === 'evica-phone==' && m.text === text),
      { timeoutMs: 20_000, message: 'the test reaches the editor’s own Viber account' },
    );
    await editor.getByRole('button', { name: 'Pošalji na odobrenje' }).click();
    await editor.locator('.campaign .badge[data-status="submitted"]').waitFor();
    await expectAccessible(editor, 'campaigns: list and a submitted campaign');

    // The first supervisor finds it in the approvals inbox, all of it new, and approves it for that time.
    const first = await newPage();
    await signInToCampaigns(first, web.url, 'sanda@budva.local');
    await first.getByRole('tab', { name: 'Čeka moje odobrenje', selected: true }).waitFor();
    // Broadcast records who did it by id; the screens show the person's name (handoff's).
    await first.locator(`[data-list-campaign] td[data-author="${eva.id}"]`, { hasText: 'Evica' }).waitFor();
    await first.getByRole('button', { name: 'Prekid vode' }).click();
    await first.getByText('Prvo slanje na odobrenje').waitFor();
    await first.getByText('autor Evica').waitFor();
    await first.locator('.campaign-history', { hasText: 'Evica' }).waitFor();
    await expect(first.locator('.campaign').textContent()).resolves.not.toContain(eva.id);
    await first.getByRole('button', { name: 'Odobri' }).click();
    await first.locator('.campaign .badge[data-status="scheduled"]').waitFor();
    expect((await api(`/broadcast/campaigns/${campaignId}`)).body).toMatchObject({
      status: 'scheduled',
      sendAt: '2030-06-01T07:30:00.000Z',
      approvedBy: expect.any(String),
    });

    // The editor corrects the hours and wants it sent at once: it is a draft again, to submit again.
    await editor.reload();
    await editor.getByRole('button', { name: 'Prekid vode' }).click();
    await editor.getByRole('button', { name: 'Izmijeni' }).click();
    const corrected = 'Sjutra od 9 do 12 h nema vode u Starom gradu. *Hvala na strpljenju.*';
    await editor.getByLabel('Poruka na jeziku: cnr-Latn').fill(corrected);
    await editor.getByLabel('Pošalji u (vrijeme u Budvi)').fill('');
    await editor.getByRole('button', { name: 'Sačuvaj izmjene' }).click();
    await editor.locator('.campaign .badge[data-status="draft"]').waitFor();
    await editor.getByRole('button', { name: 'Pošalji na odobrenje' }).click();
    await editor.locator('.campaign .badge[data-status="submitted"]').waitFor();

    // A second supervisor sees exactly what changed since the first approval, and lets it go.
    const second = await newPage();
    await signInToCampaigns(second, web.url, 'bojan@budva.local');
    await second.getByRole('button', { name: 'Prekid vode' }).click();
    await second.getByText(/Izmjene otkad je odobreno \(Sanda, /).waitFor();
    const textRow = second.locator('tr[data-field="content.texts.cnr-Latn"]');
    await expect(textRow.locator('del').first().textContent()).resolves.toBe('8 ');
    await expect(textRow.locator('ins').first().textContent()).resolves.toBe('9 ');
    await second.locator('tr[data-field="sendAt"] del').waitFor();
    await expectAccessible(second, 'campaigns: approvals inbox with the diff');
    await screenshot(second, 'staff-web-campaigns');
    await second.getByRole('button', { name: 'Odobri' }).click();

    await eventually(
      () => {
        const got = p.viber.deliveries().filter((d) => d.via === 'broadcast_message');
        return citizens.every((c) => got.some((d) => d.receiver === c && d.body.text === corrected));
      },
      { timeoutMs: 30_000, message: 'the fake Viber API receives the batches' },
    );
    // The live funnel counts what was sent, without a reload.
    await second.locator('[data-stat="sent"]', { hasText: /[1-9]/ }).waitFor({ timeout: 20_000 });
    await second.getByText('Ciljano').waitFor();
    // Sent as the corrected version, once: the first approval's schedule was voided by the change.
    expect(
      p.viber.deliveries().filter((d) => d.via === 'broadcast_message' && d.body.text === text),
    ).toHaveLength(0);
    await expectAccessible(second, 'campaigns: the live funnel');

    // The list filters by status; English works too.
    await editor.reload();
    await editor.getByRole('button', { name: 'Prekid vode' }).waitFor();
    await editor.getByLabel('Status', { exact: true }).selectOption('draft');
    // The only campaign of this department is completed: no drafts.
    await editor.getByText('Nema obavještenja.').waitFor();
    await expect(editor.getByRole('button', { name: 'Prekid vode' }).count()).resolves.toBe(0);
    await editor.getByLabel('Jezik').selectOption('en');
    await editor.getByRole('tab', { name: 'All campaigns' }).waitFor();
    await expectAccessible(editor, 'campaigns: English');

    // Once the author's account is erased (deactivated, then past its retention), it reads "[erased]".
    const admin = await driver.staffMember('Adminka', ['admin'], []);
    const off = await callJson(p.handoff!.url, 'PATCH', `/staff/${eva.id}`, {
      token: admin.token,
      body: { active: false },
    });
    expect(off.status).toBe(200);
    await p.handoff!.staff.eraseAccounts.execute(new Date(Date.now() + 60_000));
    await second.reload();
    await second.getByRole('tab', { name: 'Sva obavještenja' }).click();
    await second.locator(`td[data-author="${eva.id}"]`, { hasText: '[erased]' }).waitFor();
    await second.getByRole('button', { name: 'Prekid vode' }).click();
    await second.getByText('autor [erased]').waitFor();
    await second.locator('.campaign', { hasText: 'odobrio/la Bojan' }).waitFor();
    for (const page of [editor, first, second]) await page.context().close();
  }, 300_000);
});
