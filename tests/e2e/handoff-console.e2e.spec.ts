import { eventually } from '@citizen-desk/testing';
import { postSignedCallback } from '@citizen-desk/viber-simulator';
import { Browser } from 'playwright-core';
import { describeInBrowser, launchChromium } from './browser';
import { startPlatform, VIBER_TOKEN } from './platform.fixture';
import { nextToken, textMessageCallback } from './viber-callbacks';

type Platform = Awaited<ReturnType<typeof startPlatform>>;
const PASSWORD = 'Budva-Opstina-2026';

describeInBrowser('the operator console in a real browser', () => {
  let p: Platform;
  let browser: Browser;
  beforeAll(async () => {
    p = await startPlatform({ HANDOFF_SWEEP_INTERVAL_MS: '60000' }, { handoff: true });
    await p.handoff!.staff.createAccount.execute({
      email: 'vesna@budva.local',
      password: PASSWORD,
      name: 'Vesna',
      roles: ['operator'],
      departments: ['local-self-government'],
      by: null,
    });
    browser = await launchChromium();
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    await p?.stop();
  });

  const sentTo = (user: string) =>
    p.viber.sentMessages().filter((m: { receiver: string }) => m.receiver === user) as Array<{
      text?: string;
    }>;
  const say = async (user: string, text: string) =>
    expect(
      (await postSignedCallback(p.webhookUrl, VIBER_TOKEN, textMessageCallback(user, text))).status,
    ).toBe(200);

  const sendFile = async (user: string, media: string, fileName: string) =>
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
            sender: { id: user, name: 'Marko Marković', api_version: 10 },
            message: { type: 'file', media, file_name: fileName, size: 1000 },
          }).replace('"TOKEN"', nextToken()),
        )
      ).status,
    ).toBe(200);

  it('signs in, answers a waiting citizen, and shows their next message without a reload', async () => {
    const user = 'console-1==';
    await say(user, 'koliko je sati');
    await eventually(() => sentTo(user).length > 0);
    await say(user, 'op:request');

    const page = await browser.newPage();
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
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    const response = await page.goto(`${p.handoff!.url}/console`);
    const csp = response!.headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    await page.fill('#email', 'vesna@budva.local');
    await page.fill('#password', PASSWORD);
    await page.click('#login-button');
    await page.waitForSelector('#app:not([hidden])');
    await page.waitForSelector('#live.on');

    // The waiting citizen is in the queue (it may arrive after sign-in: the live stream brings it).
    const row = page.locator('#sessions li', { hasText: 'Marko Marković' });
    await row.waitFor({ timeout: 15000 });
    await row.click();
    await page.waitForSelector('#session-head:not([hidden])');
    await page.click('#claim');
    await page.waitForSelector('#composer:not([hidden])');
    await page.fill('#reply-text', 'Dobar dan, ovdje Vesna. Kako mogu pomoći?');
    await page.click('#send');
    await eventually(() => sentTo(user).some((m) => m.text === 'Dobar dan, ovdje Vesna. Kako mogu pomoći?'), {
      message: 'the answer at Viber',
    });
    await page.locator('#transcript .msg.operator', { hasText: 'ovdje Vesna' }).waitFor();

    // The citizen writes again: it appears without reloading the page.
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    await say(user, 'Treba mi potvrda o prebivalištu');
    await page
      .locator('#transcript .msg.citizen', { hasText: 'Treba mi potvrda o prebivalištu' })
      .waitFor({ timeout: 15000 });
    expect(navigations).toEqual([]);

    // A citizen's media becomes a link only when it is http(s).
    await sendFile(user, 'javascript:alert(document.domain)', 'potvrda.pdf');
    await sendFile(user, 'https://dl-media.viber.com/5/media/2/short/any/p/1a/2b/prilog.pdf', 'prilog.pdf');
    await page.locator('#transcript a', { hasText: 'prilog.pdf' }).waitFor({ timeout: 15000 });
    await page.locator('#transcript .msg.citizen', { hasText: 'potvrda.pdf' }).waitFor();
    expect(await page.locator('#transcript a[href^="javascript"]').count()).toBe(0);
    expect(await page.locator('#transcript a', { hasText: 'potvrda.pdf' }).count()).toBe(0);

    // The live stream was opened without the token in any URL.
    expect(urls.some((u) => u.endsWith('/handoff/stream'))).toBe(true);
    expect(urls.filter((u) => /token|eyJ/.test(u))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60000);
});
