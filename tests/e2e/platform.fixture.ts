import { issueStaffToken, StaffRole } from '@citizen-desk/auth';
import { analyticsEnvSchema, broadcastEnvSchema, DEV_STAFF_TOKEN_SECRET, dialogEnvSchema, gatewayEnvSchema, handoffEnvSchema, loadConfig } from '@citizen-desk/config';
import { cleanupNamespace, serviceTestEnv, testNamespace } from '@citizen-desk/testing';
import { FakeViberApi } from '@citizen-desk/viber-simulator';
import { startAnalytics } from '../../services/analytics/src/analytics.app';
import { startBroadcast } from '../../services/broadcast/src/broadcast.app';
import { startDialog } from '../../services/dialog/src/dialog.app';
import { startGateway } from '../../services/gateway/src/gateway.app';
import { Handoff, startHandoff } from '../../services/handoff/src/handoff.app';

export const VIBER_TOKEN = 'e2e-test-token';

/** A staff bearer token signed with the development secret the platform runs with in tests. */
export function staffToken(...roles: StaffRole[]): Promise<string> {
  return issueStaffToken({ sub: `e2e-${roles.join('-')}`, email: 'e2e@budva.local', name: 'E2E', roles, departments: ['local-self-government'] }, DEV_STAFF_TOKEN_SECRET, 3600);
}

/** GET on the analytics API as an official (every analytics route needs role official). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read figures loosely
export async function analyticsGet<T = any>(analyticsUrl: string, path: string): Promise<T> {
  const r = await fetch(`${analyticsUrl}${path}`, { headers: { authorization: `Bearer ${await staffToken('official')}` } });
  if (!r.ok) throw new Error(`GET ${path}: ${r.status}`);
  return (await r.json()) as T;
}

/** The platform as a citizen meets it: gateway, dialog, analytics and broadcast against a fake Viber API. */
export async function startPlatform(overrides: Record<string, string> = {}, opts: { handoff?: boolean } = {}) {
  const namespace = testNamespace();
  const viber = new FakeViberApi({ authToken: VIBER_TOKEN });
  await viber.start();
  const env = serviceTestEnv(namespace, {
    VIBER_AUTH_TOKEN: VIBER_TOKEN,
    VIBER_API_URL: viber.url,
    VIBER_RETRY_BASE_MS: '20',
    VIBER_MAX_ATTEMPTS: '4',
    VIBER_REQUEST_TIMEOUT_MS: '2000',
    BROADCAST_POLL_MS: '100',
    ...overrides,
  });
  const gateway = await startGateway(loadConfig(gatewayEnvSchema, env));
  const dialog = await startDialog(loadConfig(dialogEnvSchema, env));
  const analytics = await startAnalytics(loadConfig(analyticsEnvSchema, env));
  const broadcast = await startBroadcast(loadConfig(broadcastEnvSchema, env));
  // Opt-in: with handoff running, a request for an operator opens a real session (and its messages).
  const handoff: Handoff | undefined = opts.handoff ? await startHandoff(loadConfig(handoffEnvSchema, env)) : undefined;
  const platform = {
    namespace,
    env,
    viber,
    gateway,
    dialog,
    analytics,
    broadcast,
    handoff,
    webhookUrl: `${gateway.url}/viber/webhook`,
    /** Stops the gateway (as on SIGTERM) and starts a new one on the same namespace, as after a crash and restart. */
    async restartGateway() {
      await platform.gateway.stop();
      platform.gateway = await startGateway(loadConfig(gatewayEnvSchema, env));
      platform.webhookUrl = `${platform.gateway.url}/viber/webhook`;
    },
    async restartBroadcast() {
      await platform.broadcast.stop();
      platform.broadcast = await startBroadcast(loadConfig(broadcastEnvSchema, env));
    },
    async stop() {
      await Promise.allSettled([platform.gateway.stop(), dialog.stop(), analytics.stop(), platform.broadcast.stop(), ...(handoff ? [handoff.stop()] : [])]);
      await viber.stop();
      await cleanupNamespace(namespace);
    },
  };
  return platform;
}
