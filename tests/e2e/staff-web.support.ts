// The functions passed to page.evaluate run inside Chromium, where `document` and `window` exist.
/// <reference lib="dom" />
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** What the staff web app's browser suites share: the built app, axe, screenshots, signing in. */
export const root = join(__dirname, '../..');
export const appDir = join(root, 'apps/staff-web');
const docs = join(root, 'docs');
const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';
export const PASSWORD = 'Budva-Opstina-2026';

/** The built app: `npm run build` makes it; a fresh clone's test run builds it here once. */
export function ensureBuilt(): void {
  if (existsSync(join(appDir, 'dist/index.html'))) return;
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: appDir,
    stdio: 'ignore',
    timeout: 180_000,
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

/** A picture for the README (docs/), taken when missing or when UPDATE_SCREENSHOTS=1. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!UPDATE_SCREENSHOTS && existsSync(join(docs, `${name}.png`))) return;
  mkdirSync(docs, { recursive: true });
  await page.screenshot({ path: join(docs, `${name}.png`), fullPage: false });
}

export async function signIn(page: Page, url: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto(url);
  await page.getByLabel('E-pošta').fill(email);
  await page.getByLabel('Lozinka').fill(password);
  await page.getByRole('button', { name: 'Prijava' }).click();
  await page.getByRole('banner').getByRole('button', { name: 'Odjava', exact: true }).waitFor();
}
