import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';

/** Debian's chromium: the browser tests drive it through playwright-core, which brings no browser of its own. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * `describe` for a suite that needs a real browser. Where chromium is missing a developer's run skips the
 * suite with a warning, but under CI=true it fails: a green CI must mean the pages were really tried.
 */
export function describeInBrowser(name: string, suite: () => void): void {
  if (existsSync(CHROMIUM)) {
    describe(name, suite);
    return;
  }
  const missing = `${name} needs chromium at ${CHROMIUM} (apt-get install -y chromium)`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('has a browser to run in', () => {
        throw new Error(`${missing}; under CI=true a missing browser is a failure, not a skip`);
      });
    });
    return;
  }
  console.warn(`SKIPPED: ${missing}`);
  describe.skip(name, suite);
}

/** Headless chromium with the flags that keep it off the network (this machine reaches none). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
