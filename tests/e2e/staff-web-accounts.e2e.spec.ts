// The functions passed to page.evaluate run inside Chromium, where `document` and `window` exist.
/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { eventually } from '@citizen-desk/testing';
import { postSignedCallback } from '@citizen-desk/viber-simulator';
import type { Browser } from 'playwright-core';
import type { StaffWeb } from '../../apps/staff-web/server/staff-web-server';
import { describeInBrowser, launchChromium } from './browser';
import { handoffDriver, startPlatform, VIBER_TOKEN } from './platform.fixture';
import {
  ensureBuilt,
  expectAccessible,
  fillSignIn,
  newPage,
  ONE_PIXEL_PNG,
  screenshot,
  signIn,
  startApp,
  startTileStub,
  statusFromPage,
} from './staff-web.harness';
import { nextToken } from './viber-callbacks';

type Platform = Awaited<ReturnType<typeof startPlatform>>;

const PASSWORD = 'Budva-Opstina-2026';
/** A calendar day in Podgorica, as the date filters take it. */
const podgoricaDay = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Podgorica' }).format(at);

/**
 * Sign-in and accounts, staff administration, case work on reports and what the old operator console
 * did, in the staff web app driven by Debian's chromium against the real services.
 */
describeInBrowser('the staff web app: accounts, reports and the inbox, in headless Chromium', () => {
  let p: Platform;
  let web: StaffWeb;
  let tiles: Awaited<ReturnType<typeof startTileStub>>;
  let browser: Browser;
  let driver: ReturnType<typeof handoffDriver>;

  beforeAll(async () => {
    ensureBuilt();
    tiles = await startTileStub();
    p = await startPlatform({ HANDOFF_SWEEP_INTERVAL_MS: '60000' }, { handoff: true });
    driver = handoffDriver(p);
    web = await startApp(
      {
        handoff: p.handoff!.url,
        dialog: p.dialog.url,
        broadcast: p.broadcast.url,
        analytics: p.analytics.url,
      },
      tiles.url,
    );
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await p?.stop();
    await new Promise((r) => tiles?.server.close(r));
  });

  it('an admin creates an account; its first sign-in must choose a password; an admin reset asks again; sign-out revokes', async () => {
    await driver.staffMember('Admira', ['admin'], []);
    const admin = await newPage(browser);
    await signIn(admin, web.url, 'admira@budva.local', PASSWORD);
    await admin
      .getByRole('navigation', { name: 'Glavna navigacija' })
      .getByRole('link', { name: 'Zaposleni' })
      .click();
    const temporary = 'Privremena-2026-xq';
    await admin.getByLabel('Ime', { exact: true }).fill('Nina');
    await admin.getByLabel('E-pošta', { exact: true }).fill('nina@budva.local');
    await admin.getByLabel('Privremena lozinka').fill(temporary);
    await admin.getByLabel('Službe (odvojene zarezom)', { exact: true }).fill('local-self-government');
    await admin.getByRole('group', { name: 'Uloge', exact: true }).getByLabel('operator').check();
    await admin.getByRole('button', { name: 'Napravi nalog' }).click();
    const row = admin.locator('tr[data-email="nina@budva.local"]');
    await row.locator('[data-state]', { hasText: 'mora izabrati novu lozinku' }).waitFor();

    // Nina's first sign-in: only the password screen, and the API refuses her token anywhere else.
    const nina = await newPage(browser);
    await fillSignIn(nina, web.url, 'nina@budva.local', temporary);
    await nina.getByText('Prije nastavka izaberite novu lozinku.').waitFor();
    expect(await nina.getByRole('navigation', { name: 'Glavna navigacija' }).getByRole('link').count()).toBe(
      0,
    );
    expect(await statusFromPage(nina, '/api/handoff/reports')).toBe(403);
    expect(await statusFromPage(nina, '/api/handoff/handoff/sessions?status=waiting')).toBe(403);
    await expectAccessible(nina, 'first sign-in');
    await screenshot(nina, 'staff-web-first-sign-in');
    await nina.getByLabel('Trenutna lozinka').fill(temporary);
    await nina.getByLabel('Nova lozinka', { exact: true }).fill('Moja-lozinka-77x');
    await nina.getByLabel('Ponovite novu lozinku').fill('Moja-lozinka-77x');
    await nina.getByRole('button', { name: 'Sačuvaj' }).click();
    // Signed in again with the new password, on her first screen, with the API open to her.
    await nina
      .getByRole('navigation', { name: 'Glavna navigacija' })
      .getByRole('link', { name: 'Prijave' })
      .waitFor();
    expect(new URL(nina.url()).pathname).toBe('/inbox');
    expect(await statusFromPage(nina, '/api/handoff/reports')).toBe(200);
    await admin.reload();
    await row.locator('[data-state]', { hasText: 'aktivan' }).waitFor();
    expect(await row.locator('[data-state]').textContent()).not.toMatch(/mora izabrati/);

    // The admin resets her password: her session ends, and the next sign-in asks for a new one again.
    await admin.getByLabel('Nova lozinka za Nina').fill('Od-admina-2026-zz');
    await admin.getByRole('button', { name: 'Nova lozinka: Nina' }).click();
    await row.locator('[data-state]', { hasText: 'mora izabrati novu lozinku' }).waitFor();
    await expectAccessible(admin, 'staff');
    await screenshot(admin, 'staff-web-staff-reset');
    await eventually(async () => (await statusFromPage(nina, '/api/handoff/reports')) === 401, {
      message: 'the reset revokes her session',
    });
    await fillSignIn(nina, web.url, 'nina@budva.local', 'Od-admina-2026-zz');
    await nina.getByText('Prije nastavka izaberite novu lozinku.').waitFor();

    // Signing out revokes the token in the services, not only in the page.
    const token = await admin.evaluate(
      () => (JSON.parse(sessionStorage.getItem('staff.session')!) as { token: string }).token,
    );
    await admin.getByRole('banner').getByRole('button', { name: 'Odjava', exact: true }).click();
    await admin.getByRole('button', { name: 'Prijava' }).waitFor();
    await eventually(
      async () =>
        (await fetch(`${web.url}/api/handoff/staff`, { headers: { authorization: `Bearer ${token}` } }))
          .status === 401,
      { message: 'the signed-out token is refused' },
    );
    await admin.context().close();
    await nina.context().close();
    // Many password hashes (scrypt) and four sign-ins: a loaded machine needs time, which no test asserts on.
  }, 300_000);

  it('case worker: filters reports by date, resolves one with a note, the citizen gets it on Viber, the history shows it', async () => {
    const worker = await driver.staffMember('Vuk', ['operator'], ['local-self-government']);
    const citizen = 'web-acc-rep-1==';
    await driver.say(citizen, 'dobar dan');
    await driver.nextMessageTo(citizen, 0);
    const categories = await driver.call('GET', '/reports/categories', { token: worker.token });
    const category = (categories.body as Array<{ code: string }>).find((c) => c.code === 'street-light');
    const filed = (await p.handoff!.reports.fileReport.execute({
      report: {
        submissionId: randomUUID(),
        category: category as never,
        description: 'Ne radi rasvjeta na šetalištu kod Mogrena',
        location: { lat: 42.279, lon: 18.827 },
        address: 'Šetalište Mogren, Budva',
        photo: { ok: true, bytes: ONE_PIXEL_PNG, contentType: 'image/png' },
        citizenId: await p.citizenIdOf(citizen),
        language: 'cnr-Latn',
        channel: 'viber',
      },
    })) as unknown as { reference: string };
    const reference = filed.reference;
    const report = await driver.call('GET', `/reports/${reference}`, { token: worker.token });
    const day = podgoricaDay(new Date(report.body.filedAt as string));
    const dayBefore = podgoricaDay(new Date(Date.parse(`${day}T12:00:00Z`) - 24 * 3600_000));

    const page = await newPage(browser);
    await signIn(page, web.url, 'vuk@budva.local', PASSWORD);
    await page
      .getByRole('navigation', { name: 'Glavna navigacija' })
      .getByRole('link', { name: 'Prijave' })
      .click();
    const listed = page.locator(`tr[data-reference="${reference}"]`);
    // Up to the day before: not there; from its day on: there.
    await page.getByLabel('Do', { exact: true }).fill(dayBefore);
    await eventually(async () => (await listed.count()) === 0, { message: 'filtered out by "to"' });
    await page.getByLabel('Do', { exact: true }).fill('');
    await page.getByLabel('Od', { exact: true }).fill(day);
    await listed.waitFor();
    await page.getByRole('button', { name: reference }).click();
    await page.getByRole('heading', { name: reference }).waitFor();
    // The photo comes through the API with the token; the place is shown.
    await page.locator('img[data-photo="loaded"]').waitFor();
    expect(await page.locator('[data-place]').textContent()).toContain('Šetalište Mogren');
    await page.getByRole('list', { name: 'Istorija' }).locator('li[data-kind="filed"]').waitFor();

    await page.getByLabel('Promijeni status').selectOption('resolved');
    await page.getByLabel('Napomena građaninu').fill('Rasvjeta je popravljena.');
    const before = driver.sentTo(citizen).length;
    await page.getByRole('button', { name: 'Promijeni status' }).click();
    const notice = await driver.nextMessageTo(citizen, before, (m) => !!m.text?.includes(reference));
    expect(notice.text).toBe(`Prijava ${reference} je riješena. Rasvjeta je popravljena.`);
    await page.locator('dd[data-status="resolved"]').waitFor();
    const change = page
      .getByRole('list', { name: 'Istorija' })
      .locator('li[data-kind="status"][data-to="resolved"]');
    await change.waitFor();
    expect(await change.textContent()).toMatch(/primljena → riješena.*Vuk|Vuk.*primljena → riješena/s);
    expect(await change.textContent()).toContain('Rasvjeta je popravljena.');
    // The map's tiles come from the configured URL (here the local stub).
    expect(tiles.hits()).toBeGreaterThan(0);
    await expectAccessible(page, 'report with history');
    await screenshot(page, 'staff-web-report-history');
    await page.context().close();
  }, 120_000);

  it('a supervisor links their own Viber account for test sends with a one-time code sent to the bot', async () => {
    await driver.staffMember('Lara', ['supervisor'], ['local-self-government']);
    const page = await newPage(browser);
    await signIn(page, web.url, 'lara@budva.local', PASSWORD);
    await page.getByRole('link', { name: 'Promjena lozinke' }).click();
    await page.locator('[data-viber-linked="no"]').waitFor();
    await page.getByRole('button', { name: 'Dobij kod' }).click();
    const code = (await page.locator('[data-link-code]').getAttribute('data-link-code'))!;
    expect(code).toMatch(/^LINK-[A-Z2-9]{6}$/);
    await expectAccessible(page, 'account');
    await screenshot(page, 'staff-web-viber-link');
    await driver.say('lara-phone==', code);
    await eventually(
      async () => {
        if ((await page.locator('[data-viber-linked="yes"]').count()) === 1) return true;
        await page.getByRole('button', { name: 'Poslao/la sam' }).click();
        return false;
      },
      { timeoutMs: 20_000, intervalMs: 1000, message: 'the link is recorded' },
    );
    await page.context().close();
  }, 120_000);

  it('operator inbox: announces a new conversation with its place in the queue, updates live, and links only http(s) media', async () => {
    await driver.staffMember('Goran', ['operator'], ['local-self-government']);
    const page = await newPage(browser);
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await signIn(page, web.url, 'goran@budva.local', PASSWORD);
    await page.getByText('Uživo', { exact: true }).waitFor();
    const citizen = 'web-acc-op-1==';
    await driver.asksForPerson(citizen);
    const item = page.locator('button[data-session-id]', { hasText: 'Marko Marković' });
    await item.waitFor({ timeout: 20_000 });
    expect(await item.textContent()).toMatch(/\d+\. u redu/);
    // The tone and the toast for the new conversation.
    await page.locator('.inbox:not([data-chimes="0"])').waitFor();
    await item.click();
    await page.getByText('Ranije s botom').waitFor();
    await page.getByRole('button', { name: 'Preuzmi' }).click();
    await page.getByLabel('Vaš odgovor građaninu').waitFor();

    // The citizen writes again: it appears without reloading the page.
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    await driver.say(citizen, 'Treba mi potvrda o prebivalištu');
    await page
      .locator('.msg.citizen', { hasText: 'Treba mi potvrda o prebivalištu' })
      .waitFor({ timeout: 15_000 });
    expect(navigations).toEqual([]);

    // A citizen's media becomes a link only when it is http(s).
    const sendFile = async (media: string, fileName: string) =>
      expect(
        (
          await postSignedCallback(
            p.webhookUrl,
            VIBER_TOKEN,
            // The token unquoted, as Viber writes it (it does not fit a JS number).
            JSON.stringify({
              event: 'message',
              timestamp: Date.now(),
              message_token: 'TOKEN',
              sender: { id: citizen, name: 'Marko Marković', api_version: 10 },
              message: { type: 'file', media, file_name: fileName, size: 1000 },
            }).replace('"TOKEN"', nextToken()),
          )
        ).status,
      ).toBe(200);
    await sendFile('javascript:alert(document.domain)', 'potvrda.pdf');
    await sendFile('https://dl-media.viber.com/5/media/2/short/any/p/1a/2b/prilog.pdf', 'prilog.pdf');
    await page.locator('.transcript a', { hasText: 'prilog.pdf' }).waitFor({ timeout: 15_000 });
    await page.locator('.msg.citizen', { hasText: 'potvrda.pdf' }).waitFor();
    expect(await page.locator('.transcript a[href^="javascript"]').count()).toBe(0);
    expect(await page.locator('.transcript a', { hasText: 'potvrda.pdf' }).count()).toBe(0);

    // The live stream was opened without the token in any URL.
    expect(urls.some((u) => u.endsWith('/handoff/stream'))).toBe(true);
    expect(urls.filter((u) => /token|eyJ/.test(u))).toEqual([]);
    await page.context().close();
  }, 120_000);
});
