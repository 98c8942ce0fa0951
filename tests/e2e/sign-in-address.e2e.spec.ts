import { analyticsEnvSchema, handoffEnvSchema, loadConfig } from '@citizen-desk/config';
import { cleanupNamespace, serviceTestEnv, testNamespace } from '@citizen-desk/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStaffWeb, StaffWeb } from '../../apps/staff-web/server/staff-web-server';
import { Analytics, startAnalytics } from '../../services/analytics/src/analytics.app';
import { Handoff, startHandoff } from '../../services/handoff/src/handoff.app';

/**
 * Sign-in attempts are limited per client address. The staff web app forwards sign-ins to handoff as a
 * proxy, with the client's address appended: two officials signing in through it are two addresses to
 * handoff, not one (which would lock everyone out at once).
 */
describe('the address handoff counts for a sign-in forwarded by a proxy of ours', () => {
  const namespace = testNamespace();
  let handoff: Handoff;
  let analytics: Analytics;
  let web: StaffWeb;
  const emptyDir = mkdtempSync(join(tmpdir(), 'staff-web-'));

  beforeAll(async () => {
    const env = serviceTestEnv(namespace, {
      STAFF_LOGIN_PER_IP_PER_MINUTE: '2',
      TRUSTED_PROXIES: 'loopback',
    });
    handoff = await startHandoff(loadConfig(handoffEnvSchema, env));
    analytics = await startAnalytics(loadConfig(analyticsEnvSchema, env));
    web = await startStaffWeb({
      port: 0,
      host: '127.0.0.1',
      staticDir: emptyDir,
      upstreams: {
        handoff: handoff.url,
        dialog: handoff.url,
        broadcast: handoff.url,
        analytics: analytics.url,
      },
    });
    // The first sign-in also derives the decoy hash for unknown emails (seconds of scrypt on a busy
    // machine): done here, directly, so the forwarded ones stay within the proxy's time-out.
    await fetch(`${handoff.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'warm-up@budva.local', password: 'Wrong-password-1' }),
    });
  }, 120_000);

  afterAll(async () => {
    await web?.stop();
    await Promise.allSettled([analytics?.stop(), handoff?.stop()]);
    await cleanupNamespace(namespace);
    rmSync(emptyDir, { recursive: true, force: true });
  });

  /** A sign-in from `client` (as the ingress in front of the forwarder would say) through a forwarder. */
  const signIn = async (url: string, client: string) =>
    (
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
        body: JSON.stringify({ email: 'nobody@budva.local', password: 'Wrong-password-1' }),
      })
    ).status;

  it.each([['the staff web app', () => `${web.url}/api/handoff/auth/login`, '203.0.113']])(
    'counts each client through %s on its own',
    async (_name, url, prefix) => {
      const first = `${prefix}.1`;
      const second = `${prefix}.2`;
      expect(await signIn(url(), first)).toBe(401);
      expect(await signIn(url(), first)).toBe(401);
      // The first client is over its limit …
      expect(await signIn(url(), first)).toBe(429);
      // … and the second, coming through the same forwarder, is not.
      expect(await signIn(url(), second)).toBe(401);
    },
  );
});
