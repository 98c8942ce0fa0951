import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { callJson, eventually } from '@citizen-desk/testing';
import type { Browser, Download, Page } from 'playwright-core';
import { startStaffWeb, StaffWeb } from '../../apps/staff-web/server/staff-web-server';
import { loadSeedContent } from '../../services/dialog/src/content';
import { describeInBrowser, launchChromium } from './browser';
import { analyticsGet, handoffDriver, startPlatform } from './platform.fixture';
import { appDir, ensureBuilt, expectAccessible, screenshot, signIn } from './staff-web.harness';

const PASSWORD = 'Budva-Opstina-2026';

type Platform = Awaited<ReturnType<typeof startPlatform>>;
const content = loadSeedContent();

/**
 * Issue 15, screens 4 and 7 in headless Chromium against the real services: the content editor (menu
 * tree, the embedded chat answering from the draft, publish, the not-understood inbox) and the
 * officials' dashboard (comparison with the previous period, drill-down from a topic, CSV of every table).
 */
describeInBrowser('the content editor and the dashboard in the staff web app', () => {
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
    // An editor of the tax department who also reads the figures.
    await driver.staffMember('Edita', ['editor', 'official'], ['local-revenue']);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await p?.stop();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1360, height: 900 },
      timezoneId: 'UTC',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`error in the page: ${e.stack ?? e.message}`));
    return page;
  }

  /** A citizen's question and the bot's answer to it, through the signed webhook. */
  async function ask(citizen: string, text: string) {
    const before = driver.sentTo(citizen).length;
    await driver.say(citizen, text);
    return driver.nextMessageTo(citizen, before);
  }

  async function contentScreen(page: Page) {
    await page
      .getByRole('navigation', { name: 'Glavna navigacija' })
      .getByRole('link', { name: 'Sadržaj' })
      .click();
    await page.getByRole('navigation', { name: 'Meni i teme' }).waitFor();
  }

  it('an editor changes an answer, the embedded chat answers from the draft, publishes, and Viber gets the new answer', async () => {
    const page = await newPage();
    await signIn(page, web.url, 'edita@budva.local', PASSWORD);
    await contentScreen(page);
    // The tree: the main menu's sub-menu "Usluge" holds the property tax.
    const tree = page.getByRole('navigation', { name: 'Meni i teme' });
    await tree.getByText('Usluge', { exact: true }).waitFor();
    await tree.getByRole('button', { name: /\(property-tax\)/ }).click();
    await page.getByRole('heading', { name: /Tema: property-tax/ }).waitFor();

    const marker = 'Rok za plaćanje je 31. jul (probni nacrt).';
    const answer = page.locator('textarea[name="answer-cnr-Latn"]');
    await answer.fill(`${await answer.inputValue()}\n${marker}`);
    // Cyrillic and English are shown beside the Latin text.
    await expect(page.locator('textarea[name="answer-cnr-Cyrl"]').inputValue()).resolves.toContain(
      content.topics.find((t) => t.id === 'property-tax')!.answer['cnr-Cyrl'].slice(0, 20),
    );
    await page.getByRole('button', { name: 'Sačuvaj u nacrt' }).click();
    await page
      .getByRole('list', { name: 'Izmjene u odnosu na objavljeno' })
      .getByText('property-tax')
      .waitFor();

    // The embedded chat answers from the draft, while a citizen still gets the published answer.
    await page.getByLabel('Poruka botu (nacrt)').fill('porez na nepokretnosti');
    await page.getByRole('button', { name: 'Pošalji', exact: true }).click();
    await page.locator('.chat-log .msg.bot', { hasText: marker }).waitFor();
    expect((await ask('web-content-1==', 'porez na nepokretnosti')).text).not.toContain(marker);
    // Its buttons work as a citizen's taps: the main menu from the answer.
    const log = page.getByRole('list', { name: 'Isprobajte nacrt' });
    await log.getByRole('button', { name: content.texts.mainMenu['cnr-Latn'], exact: true }).last().click();
    await log.locator('.msg.bot .at', { hasText: 'menu' }).last().waitFor();

    // The diff shows the published and the draft text side by side.
    await page.getByText('Objavljeni tekst i nacrt').click();
    await page.locator('.topic-diff ins', { hasText: marker }).waitFor();
    await expectAccessible(page, 'content with the draft chat');
    await screenshot(page, 'staff-web-content-chat');

    await page.getByLabel('Napomena uz verziju').fill('rok za porez (proba)');
    await page.getByRole('button', { name: 'Objavi' }).click();
    await page.getByText('Nema izmjena.').waitFor();
    await eventually(
      async () => (await ask('web-content-2==', 'porez na nepokretnosti')).text?.includes(marker),
      { timeoutMs: 30_000, intervalMs: 500, message: 'a signed Viber callback gets the new answer' },
    );
    await page.context().close();
  }, 180_000);

  it('an editor previews an earlier version, what it would change and its answers, before rolling back to it', async () => {
    const page = await newPage();
    await signIn(page, web.url, 'edita@budva.local', PASSWORD);
    await contentScreen(page);
    // A version to go back from: the property tax's answer with a line the earlier version lacks.
    await page
      .getByRole('navigation', { name: 'Meni i teme' })
      .getByRole('button', { name: /\(property-tax\)/ })
      .click();
    const marker = 'Rok je pomjeren (verzija koju vraćamo).';
    const answer = page.locator('textarea[name="answer-cnr-Latn"]');
    await answer.fill(`${await answer.inputValue()}\n${marker}`);
    await page.getByRole('button', { name: 'Sačuvaj u nacrt' }).click();
    await page
      .getByRole('list', { name: 'Izmjene u odnosu na objavljeno' })
      .getByText('property-tax')
      .waitFor();
    await page.getByRole('button', { name: 'Objavi' }).click();
    await page.getByText('Nema izmjena.').waitFor();
    const versions = page.locator('.versions > li');
    const newest = (await versions.first().textContent())!;
    const previous = Number(/^v(\d+)/.exec((await versions.nth(1).textContent())!)![1]);

    // The preview shows what the rollback would change, and changes nothing until confirmed.
    await page.getByRole('button', { name: `Vrati na ovu verziju v${previous}` }).click();
    const preview = page.getByRole('dialog', { name: `Verzija ${previous}: prije vraćanja` });
    const changed = preview.locator('[data-preview-topic="property-tax"]');
    await changed.locator('del', { hasText: marker }).waitFor();
    await expect(changed.locator('ins').allTextContents()).resolves.not.toContain(
      expect.stringContaining(marker),
    );
    await screenshot(page, 'staff-web-content-rollback');
    // Its topics and answers as they were, read-only.
    await preview.getByText(`Teme i odgovori verzije v${previous}`).click();
    await preview.locator('.version-topics dt', { hasText: '(property-tax)' }).waitFor();
    await expect(preview.locator('textarea, input').count()).resolves.toBe(0);
    await expectAccessible(page, 'content: an earlier version before rolling back');
    await preview.getByRole('button', { name: 'Otkaži' }).click();
    await preview.waitFor({ state: 'hidden' });
    await expect(versions.first().textContent()).resolves.toBe(newest);

    // Confirmed: a new version equal to the earlier one, and citizens get its answer again.
    await page.getByRole('button', { name: `Vrati na ovu verziju v${previous}` }).click();
    await preview.getByRole('button', { name: `Vrati na v${previous}` }).click();
    await versions.first().getByText(`rollback to version ${previous}`).waitFor();
    await eventually(
      async () => {
        const text = (await ask('web-content-3==', 'porez na nepokretnosti')).text;
        return text !== undefined && !text.includes(marker);
      },
      { timeoutMs: 30_000, intervalMs: 500, message: 'a citizen gets the earlier answer again' },
    );
    await page.context().close();
  }, 180_000);

  it('a not-understood question is added to a topic in one click, another is dismissed; both stay off the inbox', async () => {
    const FILE = 'Koliko se plaća za mansardu i tavan?';
    const DISMISS = 'Kad počinje karneval u Budvi?';
    for (const [citizen, text] of [
      ['web-inbox-1==', FILE],
      ['web-inbox-2==', DISMISS],
    ])
      expect((await ask(citizen, text)).text).toBe(content.texts.notUnderstood['cnr-Latn']);
    const inInbox = async () =>
      (
        await analyticsGet<{ rows: Array<{ text: string }> }>(
          p.analytics.url,
          '/analytics/not-understood/inbox?limit=100',
        )
      ).rows.map((r) => r.text);
    const [filed, dismissed] = await eventually(
      async () => {
        const texts = await inInbox();
        const f = texts.find((t) => t.includes('mansardu'));
        const d = texts.find((t) => t.includes('karneval'));
        return f && d ? [f, d] : undefined;
      },
      { message: 'both questions reach the inbox', timeoutMs: 30_000 },
    );

    const page = await newPage();
    await signIn(page, web.url, 'edita@budva.local', PASSWORD);
    await contentScreen(page);
    const inbox = page.getByRole('region', { name: 'Nije razumio: za obradu' });
    await inbox.locator(`tr[data-question="${filed}"]`).waitFor();
    await inbox.getByLabel(`Tema za „${filed}”`).selectOption('property-tax');
    await inbox.scrollIntoViewIfNeeded();
    await screenshot(page, 'staff-web-content-inbox');
    await inbox.getByRole('button', { name: `Dodaj u temu: ${filed}` }).click();
    await inbox.getByRole('button', { name: `Odbaci: ${dismissed}` }).click();
    await inbox.locator(`tr[data-question="${filed}"]`).waitFor({ state: 'detached' });
    await inbox.locator(`tr[data-question="${dismissed}"]`).waitFor({ state: 'detached' });
    // The filing is a change of the draft.
    await page
      .getByRole('list', { name: 'Izmjene u odnosu na objavljeno' })
      .getByText('property-tax')
      .waitFor();
    await expectAccessible(page, 'content with the inbox');

    // Off the inbox for good: analytics projected both, and a reload does not bring them back.
    await eventually(
      async () => {
        const texts = await inInbox();
        return !texts.includes(filed) && !texts.includes(dismissed);
      },
      { message: 'analytics took both off the inbox', timeoutMs: 30_000 },
    );
    await page.reload();
    await page.getByRole('region', { name: 'Nije razumio: za obradu' }).getByText('Ništa ne čeka.').waitFor();
    // The draft now understands the filed question; the chat says so.
    await page.getByLabel('Poruka botu (nacrt)').fill(FILE);
    await page.getByRole('button', { name: 'Pošalji', exact: true }).click();
    await page.locator('.chat-log .msg.bot .at', { hasText: 'property-tax' }).waitFor();
    await page.context().close();
  }, 180_000);

  it('the dashboard compares with the previous period, drills down from a topic to its questions, and downloads CSV', async () => {
    await ask('web-dash-1==', 'porez na nepokretnosti');
    await eventually(
      async () => {
        const r = await analyticsGet<{ rows: Array<{ question: string }> }>(
          p.analytics.url,
          '/analytics/topics/property-tax/questions',
        );
        return r.rows.some((row) => row.question === 'porez na nepokretnosti');
      },
      { message: 'the question is projected', timeoutMs: 30_000 },
    );
    const page = await newPage();
    await signIn(page, web.url, 'edita@budva.local', PASSWORD);
    await page
      .getByRole('navigation', { name: 'Glavna navigacija' })
      .getByRole('link', { name: 'Pregled' })
      .click();
    const comparison = page.getByRole('region', { name: 'Pitanja po temi, u odnosu na prethodni period' });
    await comparison.getByRole('columnheader', { name: 'Prethodni period' }).first().waitFor();
    await comparison.getByRole('button', { name: 'Prikaži pitanja o temi property-tax' }).click();
    const drill = page.getByRole('table', { name: 'Pitanja o temi property-tax' });
    await drill.getByRole('cell', { name: 'porez na nepokretnosti', exact: true }).waitFor();
    await expectAccessible(page, 'dashboard with the drill-down');
    await screenshot(page, 'staff-web-dashboard-drilldown');

    const csvOf = async (download: Promise<Download>) => {
      const file = await (await download).path();
      return (await readFile(file!, 'utf8')).replace(/^\ufeff/, '').split('\r\n');
    };
    const questionsCsv = await csvOf(
      Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Preuzmi CSV: Pitanja o temi property-tax' }).click(),
      ]).then(([d]) => d),
    );
    expect(questionsCsv[0]).toBe('question,questions,answered,handoff,notUnderstood');
    expect(questionsCsv).toEqual(
      expect.arrayContaining([expect.stringMatching(/^porez na nepokretnosti,\d+,/)]),
    );
    const comparedCsv = await csvOf(
      Promise.all([
        page.waitForEvent('download'),
        page
          .getByRole('button', { name: 'Preuzmi CSV: Pitanja po temi, u odnosu na prethodni period' })
          .click(),
      ]).then(([d]) => d),
    );
    expect(comparedCsv[0]).toBe(
      'topic,questions,previousQuestions,change,answered,handoff,notUnderstood,answeredShare,previousAnsweredShare',
    );
    expect(comparedCsv.some((line) => line.startsWith('property-tax,'))).toBe(true);
    // Every other table downloads too (from the API's own CSV, or the rows shown).
    for (const title of [
      'Operateri',
      'Isporuka obavještenja',
      'Šta bot nije razumio',
      'Prijave po kategoriji',
    ]) {
      const lines = await csvOf(
        Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: `Preuzmi CSV: ${title}` }).click(),
        ]).then(([d]) => d),
      );
      expect([title, typeof lines[0]]).toEqual([title, 'string']);
    }
    await page.context().close();
  }, 180_000);

  it("an admin reorders the menu, moves a topic to another sub-menu and renames one; a label over Viber's limit is refused in words", async () => {
    const admin = await driver.staffMember('Menija', ['admin'], []);
    const page = await newPage();
    await signIn(page, web.url, 'menija@budva.local', PASSWORD);
    await contentScreen(page);
    await page.getByRole('button', { name: 'Uredi meni' }).click();
    const editor = page.getByRole('region', { name: 'Meni (nacrt)' });

    // The property tax moves from "Usluge" to "Informacije", then one place up (before the contacts).
    await editor.getByLabel('Premjesti Porez na nepokretnosti u').selectOption('information');
    await editor.locator('[data-menu-entry="information"] [data-menu-entry="menu-property-tax"]').waitFor();
    await editor.getByRole('button', { name: 'Pomjeri gore: Porez na nepokretnosti' }).click();
    // "Usluge" becomes "Usluge opštine" in Latin and English; its Cyrillic is made from the Latin.
    await editor.getByText('Preimenuj „Usluge”').click();
    const services = editor.locator('[data-menu-entry="services"] .menu-rename').first();
    await services.getByLabel('Crnogorski (latinica)').fill('Usluge opštine');
    await services.getByLabel('Engleski').fill('Municipal services');
    await expectAccessible(page, 'content: the menu editor');
    await screenshot(page, 'staff-web-content-menu');
    await editor.getByRole('button', { name: 'Sačuvaj meni u nacrt' }).click();
    await page
      .getByRole('navigation', { name: 'Meni i teme' })
      .getByText('Usluge opštine', { exact: true })
      .waitFor();

    const draftMenu = async () =>
      (await callJson(p.dialog.url, 'GET', '/dialog/content/draft', { token: admin.token })).body.content
        .menu as {
        children: Array<{ id: string; label: Record<string, string>; children?: Array<{ id: string }> }>;
      };
    const saved = await draftMenu();
    const services0 = saved.children.find((c) => c.id === 'services')!;
    expect(services0.label).toEqual({
      'cnr-Latn': 'Usluge opštine',
      'cnr-Cyrl': 'Услуге општине',
      en: 'Municipal services',
    });
    expect(services0.children!.map((c) => c.id)).toEqual(['menu-financial-aid']);
    expect(saved.children.find((c) => c.id === 'information')!.children!.map((c) => c.id)).toEqual([
      'menu-health-measures',
      'menu-news',
      'menu-property-tax',
      'menu-contacts',
    ]);

    // A label longer than a Viber button takes: the API's reason is shown, and the draft keeps its menu.
    await editor.getByText('Preimenuj „Informacije”').click();
    const information = editor.locator('[data-menu-entry="information"] .menu-rename').first();
    await information.getByLabel('Crnogorski (latinica)').fill('I'.repeat(251));
    await editor.getByRole('button', { name: 'Sačuvaj meni u nacrt' }).click();
    await editor
      .getByRole('alert')
      .getByText(/label has 250 characters at most \(Viber\)/)
      .waitFor();
    await expectAccessible(page, 'content: the menu refused');
    expect(await draftMenu()).toEqual(saved);
    await page.context().close();
  }, 180_000);
});
