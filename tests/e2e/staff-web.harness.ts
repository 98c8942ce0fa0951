// The functions passed to page.evaluate run inside Chromium, where `document` and `window` exist.
/// <reference lib="dom" />
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ApiService, startStaffWeb, StaffWeb } from '../../apps/staff-web/server/staff-web-server';

/** What the staff web app's browser tests share: the built app, a tile stub, axe, screenshots, sign-in. */
const root = join(__dirname, '../..');
export const appDir = join(root, 'apps/staff-web');
const docs = join(root, 'docs');
const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';

/** The built app: `npm run build` makes it; a fresh clone's test run builds it here once. */
export function ensureBuilt(): void {
  if (existsSync(join(appDir, 'dist/index.html'))) return;
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: appDir,
    stdio: 'ignore',
    timeout: 180_000,
  });
}

/** A local stand-in for the map's tile server: every tile is one grey PNG (this machine reaches no network). */
export async function startTileStub(): Promise<{ url: string; server: Server; hits: () => number }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(ONE_PIXEL_PNG);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, hits: () => hits };
}

export const ONE_PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mO8/x8AAwMCAO+ip1sAAAAASUVORK5CYII=',
  'base64',
);

/** The staff app's own server in front of the given services, with the tile stub for the map. */
export function startApp(upstreams: Record<ApiService, string>, tileUrl: string): Promise<StaffWeb> {
  return startStaffWeb({
    port: 0,
    host: '127.0.0.1',
    staticDir: join(appDir, 'dist'),
    upstreams,
    publicConfig: { tileUrl: `${tileUrl}/tiles/{z}/{x}/{y}.png`, tileAttribution: 'test tiles' },
  });
}

/** axe-core in the page: no serious or critical violation on the screen as it is. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(): Promise<{ violations: Array<Record<string, unknown>> }> } }
    ).axe;
    const result = await axe.run();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        nodes: (v.nodes as Array<{ target: unknown }>).slice(0, 3).map((n) => JSON.stringify(n.target)),
      }));
  });
  expect({ screen, violations }).toEqual({ screen, violations: [] });
}

/** The README's pictures: written when missing, refreshed with UPDATE_SCREENSHOTS=1. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!UPDATE_SCREENSHOTS && existsSync(join(docs, `${name}.png`))) return;
  mkdirSync(docs, { recursive: true });
  await page.screenshot({ path: join(docs, `${name}.png`), fullPage: false });
}

/** Fills the sign-in form (Montenegrin labels, the app's default language). */
export async function fillSignIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('E-pošta').fill(email);
  await page.getByLabel('Lozinka').fill(password);
  await page.getByRole('button', { name: 'Prijava' }).click();
}

export async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await fillSignIn(page, url, email, password);
  await page.getByRole('banner').getByRole('button', { name: 'Odjava', exact: true }).waitFor();
}

export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, timezoneId: 'UTC' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`error in the page: ${e.stack ?? e.message}`));
  return page;
}

/** The status of an API call made from the page with the session's own token. */
export function statusFromPage(page: Page, path: string): Promise<number> {
  return page.evaluate(async (p) => {
    const stored = JSON.parse(sessionStorage.getItem('staff.session') ?? 'null') as { token: string } | null;
    const res = await fetch(p, { headers: stored ? { authorization: `Bearer ${stored.token}` } : {} });
    return res.status;
  }, path);
}
