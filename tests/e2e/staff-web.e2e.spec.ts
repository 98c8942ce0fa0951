// The functions passed to page.evaluate run inside Chromium, where `document` and `window` exist.
/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { eventually } from '@citizen-desk/testing';
import type { Browser, Page } from 'playwright-core';
import { startStaffWeb, StaffWeb } from '../../apps/staff-web/server/staff-web-server';
import { describeInBrowser, launchChromium } from './browser';
import {
  appDir,
  ensureBuilt,
  expectAccessible,
  screenshot,
  signIn,
  startTileStub,
} from './staff-web.harness';
import { handoffDriver, startPlatform } from './platform.fixture';

type Platform = Awaited<ReturnType<typeof startPlatform>>;

const PASSWORD = 'Budva-Opstina-2026';

describeInBrowser('the staff web app in headless Chromium, against the real services', () => {
  let p: Platform;
  let web: StaffWeb;
  let tiles: Awaited<ReturnType<typeof startTileStub>>;
  let browser: Browser;
  let driver: ReturnType<typeof handoffDriver>;

  beforeAll(async () => {
    ensureBuilt();
    tiles = await startTileStub();
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
      publicConfig: { tileUrl: `${tiles.url}/tiles/{z}/{x}/{y}.png`, tileAttribution: 'test tiles' },
    });
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await p?.stop();
    await new Promise((r) => tiles?.server.close(r));
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, timezoneId: 'UTC' });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`error in the page: ${e.stack ?? e.message}`));
    return page;
  }

  it('serves the app and proxies the APIs on one origin, the event stream included', async () => {
    const page = await fetch(`${web.url}/inbox`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const live = await fetch(`${web.url}/api/handoff/health/live`);
    expect(live.status).toBe(200);
    const login = await fetch(`${web.url}/api/handoff/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nobody@budva.local', password: 'wrong-password-1' }),
    });
    expect(login.status).toBe(401);
    expect((await fetch(`${web.url}/api/unknown/x`)).status).toBe(404);
  });

  it('operator journey: a citizen asks for a person on Viber, the operator sees it live, answers, and Viber gets it', async () => {
    await driver.staffMember('Ana', ['operator'], ['local-self-government']);
    const page = await newPage();
    await signIn(page, web.url, 'ana@budva.local', PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/inbox');
    await page.getByText('Uživo', { exact: true }).waitFor();
    await page
      .getByLabel('Dostupan/na za nove razgovore')
      .uncheck()
      .catch(() => undefined);

    const citizen = 'web-op-1==';
    await driver.asksForPerson(citizen);
    // It appears without a reload: the live feed through the proxy.
    const item = page.locator('button[data-session-id]', { hasText: 'Marko Marković' });
    await item.waitFor({ timeout: 20_000 });
    await expect(item.textContent()).resolves.toMatch(/1\. u redu/);
    await item.click();
    // What the citizen asked the bot before, then take the conversation.
    await page.getByText('Ranije s botom').waitFor();
    await page.getByText('koliko je sati').first().waitFor();
    await page.getByRole('button', { name: 'Preuzmi' }).click();
    const before = driver.sentTo(citizen).length;
    await page.getByLabel('Vaš odgovor građaninu').fill('Dobar dan, ovdje Ana iz opštine.');
    await page.getByRole('button', { name: 'Pošalji', exact: true }).click();
    const answer = await driver.nextMessageTo(
      citizen,
      before,
      (m) => m.text === 'Dobar dan, ovdje Ana iz opštine.',
    );
    expect(answer.text).toBe('Dobar dan, ovdje Ana iz opštine.');
    await page.locator('.msg.operator', { hasText: 'ovdje Ana' }).waitFor();
    await page.getByLabel('Interna bilješka').fill('Pitao za radno vrijeme');
    await page.getByRole('button', { name: 'Dodaj bilješku' }).click();
    await page.locator('.msg.note', { hasText: 'radno vrijeme' }).waitFor();
    // The tabs work from the keyboard.
    await page.getByRole('tab', { name: /U toku/ }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: /Završeni/ }).getAttribute('aria-selected')).resolves.toBe(
      'true',
    );
    await page.keyboard.press('ArrowLeft');
    await expectAccessible(page, 'inbox');
    await screenshot(page, 'staff-web-inbox');

    // English, and dates in Podgorica's time zone whatever the browser's own.
    await page.getByLabel('Jezik').selectOption('en');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await driver.sessionOf(
      citizen,
      (await driver.staffMember('Ana2', ['supervisor'], ['local-self-government'])).token,
      'closed',
    );
    await page.context().close();
  }, 120_000);

  it('editor journey: change an answer, publish, and a signed Viber callback gets the new answer', async () => {
    await driver.staffMember('Eva', ['editor'], ['local-revenue']);
    const page = await newPage();
    await signIn(page, web.url, 'eva@budva.local', PASSWORD);
    await page
      .getByRole('navigation', { name: 'Glavna navigacija' })
      .getByRole('link', { name: 'Sadržaj' })
      .click();
    await page.getByRole('button', { name: /\(property-tax\)/ }).click();
    const answer = page.locator('textarea[name="answer-cnr-Latn"]');
    const old = await answer.inputValue();
    const marker = 'Rok za plaćanje je 30. jun (izmijenjeno u aplikaciji).';
    await answer.fill(`${old}\n${marker}`);
    await page.getByRole('button', { name: 'Sačuvaj u nacrt' }).click();
    await page
      .getByRole('list', { name: 'Izmjene u odnosu na objavljeno' })
      .getByText('property-tax')
      .waitFor();
    await expectAccessible(page, 'content');
    await screenshot(page, 'staff-web-content');
    await page.getByLabel('Napomena uz verziju').fill('rok za porez');
    await page.getByRole('button', { name: 'Objavi' }).click();
    await page.getByText('Nema izmjena.').waitFor();

    const citizen = 'web-ed-1==';
    await eventually(
      async () => {
        const before = driver.sentTo(citizen).length;
        await driver.say(citizen, 'porez na nepokretnosti');
        const reply = await driver.nextMessageTo(citizen, before);
        return reply.text?.includes(marker);
      },
      { timeoutMs: 30_000, intervalMs: 500, message: 'the citizen gets the new answer' },
    );
    await page.context().close();
  }, 120_000);

  it('case worker journey: a report moves to resolved with a note, and the citizen gets the status on Viber', async () => {
    const worker = await driver.staffMember('Vesna', ['operator'], ['local-self-government']);
    const citizen = 'web-rep-1==';
    await driver.say(citizen, 'dobar dan');
    await driver.nextMessageTo(citizen, 0);
    const categories = await driver.call('GET', '/reports/categories', { token: worker.token });
    const category = (categories.body as Array<{ code: string }>).find((c) => c.code === 'street-light');
    const filed = await p.handoff!.reports.fileReport.execute({
      report: {
        submissionId: randomUUID(),
        category: category as never,
        description: 'Ne radi ulična rasvjeta kod pošte',
        location: { lat: 42.2864, lon: 18.84 },
        address: 'Mediteranska 4, Budva',
        citizenId: await p.citizenIdOf(citizen),
        language: 'cnr-Latn',
        channel: 'viber',
      },
    });
    const reference = (filed as unknown as { reference: string }).reference;
    const page = await newPage();
    await signIn(page, web.url, 'vesna@budva.local', PASSWORD);
    await page
      .getByRole('navigation', { name: 'Glavna navigacija' })
      .getByRole('link', { name: 'Prijave' })
      .click();
    await page.getByLabel('Status').first().selectOption('received');
    await page.getByRole('button', { name: reference }).click();
    await page.getByRole('heading', { name: reference }).waitFor();
    await page.getByLabel('Promijeni status').selectOption('resolved');
    await page.getByLabel('Napomena građaninu').fill('Sijalica je zamijenjena.');
    const before = driver.sentTo(citizen).length;
    await page.getByRole('button', { name: 'Promijeni status' }).click();
    const notice = await driver.nextMessageTo(citizen, before, (m) => !!m.text?.includes(reference));
    expect(notice.text).toBe(`Prijava ${reference} je riješena. Sijalica je zamijenjena.`);
    await page.locator('dd[data-status="resolved"]').first().waitFor();
    await expectAccessible(page, 'reports');
    await screenshot(page, 'staff-web-reports');
    await page.context().close();
  }, 120_000);

  it('every screen passes axe and is shown to whoever has its role; each screen is photographed', async () => {
    await driver.staffMember(
      'Mila',
      ['operator', 'supervisor', 'editor', 'official', 'admin'],
      ['local-self-government'],
    );
    const page = await newPage();
    await page.goto(web.url);
    await page.getByLabel('E-pošta').waitFor();
    await expectAccessible(page, 'sign-in');
    await screenshot(page, 'staff-web-sign-in');
    await signIn(page, web.url, 'mila@budva.local', PASSWORD);
    const nav = page.getByRole('navigation', { name: 'Glavna navigacija' });
    for (const [label, path, name, ready] of [
      // The campaigns' own journey and pictures: staff-web-campaigns.e2e.spec.ts.
      ['Obavještenja', '/campaigns', 'staff-web-campaigns-inbox', 'Čeka moje odobrenje'],
      ['Prijave', '/reports', 'staff-web-reports-list', 'Broj prijave'],
      ['Zaposleni', '/staff', 'staff-web-staff', 'Napravi nalog'],
      ['Pregled', '/dashboard', 'staff-web-dashboard', 'Preuzmi CSV'],
    ] as const) {
      await nav.getByRole('link', { name: label }).click();
      expect(new URL(page.url()).pathname).toBe(path);
      await page.getByText(ready).first().waitFor();
      await expectAccessible(page, path);
      await screenshot(page, name);
    }
    // The map's tiles come from the configured URL (here the local stub).
    expect(tiles.hits()).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Promjena lozinke' }).click();
    await page.getByLabel('Trenutna lozinka').waitFor();
    await expectAccessible(page, '/password');
    await screenshot(page, 'staff-web-password');
    await page.context().close();

    // An operator sees only the operator's screens.
    const op = await newPage();
    await signIn(op, web.url, 'ana@budva.local', PASSWORD);
    const links = await op
      .getByRole('navigation', { name: 'Glavna navigacija' })
      .getByRole('link')
      .allTextContents();
    expect(links).toEqual(['Operaterski razgovori', 'Prijave']);
    await op.context().close();
  }, 120_000);
});
