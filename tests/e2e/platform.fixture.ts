import { issueTestStaffToken, KvSource, StaffClaims, StaffRole } from '@citizen-desk/auth';
import {
  analyticsEnvSchema,
  broadcastEnvSchema,
  dialogEnvSchema,
  gatewayEnvSchema,
  handoffEnvSchema,
  loadConfig,
} from '@citizen-desk/config';
import { callJson, cleanupNamespace, eventually, serviceTestEnv, testNamespace } from '@citizen-desk/testing';
import { FakeViberApi, postSignedCallback, SentViberMessage } from '@citizen-desk/viber-simulator';
import { startAnalytics } from '../../services/analytics/src/analytics.app';
import { startBroadcast } from '../../services/broadcast/src/broadcast.app';
import { startDialog } from '../../services/dialog/src/dialog.app';
import { startGateway } from '../../services/gateway/src/gateway.app';
import { Handoff, startHandoff } from '../../services/handoff/src/handoff.app';
import { textMessageCallback } from './viber-callbacks';

export const VIBER_TOKEN = 'e2e-test-token';

/** Where the platform last started publishes its staff token keys (one platform per test file). */
let platformKv: KvSource | undefined;

/**
 * A staff bearer token of a made-up staff member, signed with a test key published in the running
 * platform's namespace (so every service accepts it, as it would one from handoff).
 */
export function staffToken(...roles: StaffRole[]): Promise<string> {
  return staffTokenOf({
    sub: `e2e-${roles.join('-')}`,
    email: 'e2e@budva.local',
    name: 'E2E',
    roles,
    departments: ['local-self-government'],
  });
}

/** The same for given claims. */
export function staffTokenOf(claims: StaffClaims): Promise<string> {
  if (!platformKv) throw new Error('start the platform first');
  return issueTestStaffToken(claims, platformKv, 3600);
}

/** GET on the analytics API as an admin (every analytics route needs role official; admins pass and see every department). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read figures loosely
export async function analyticsGet<T = any>(analyticsUrl: string, path: string): Promise<T> {
  const r = await fetch(`${analyticsUrl}${path}`, {
    headers: { authorization: `Bearer ${await staffToken('admin')}` },
  });
  if (!r.ok) throw new Error(`GET ${path}: ${r.status}`);
  return (await r.json()) as T;
}

/** The platform as a citizen meets it: gateway, dialog, analytics and broadcast against a fake Viber API. */
export async function startPlatform(
  overrides: Record<string, string> = {},
  opts: { handoff?: boolean } = {},
) {
  const namespace = testNamespace();
  const viber = new FakeViberApi({ authToken: VIBER_TOKEN });
  await viber.start();
  const env = serviceTestEnv(namespace, {
    VIBER_AUTH_TOKEN: VIBER_TOKEN,
    VIBER_API_URL: viber.url,
    VIBER_RETRY_BASE_MS: '20',
    VIBER_RETRY_MAX_MS: '500',
    VIBER_REQUEST_TIMEOUT_MS: '2000',
    BROADCAST_POLL_MS: '100',
    ...overrides,
  });
  const gateway = await startGateway(loadConfig(gatewayEnvSchema, env));
  platformKv = gateway.runtime.messaging;
  const dialog = await startDialog(loadConfig(dialogEnvSchema, env));
  const analytics = await startAnalytics(loadConfig(analyticsEnvSchema, env));
  const broadcast = await startBroadcast(loadConfig(broadcastEnvSchema, env));
  // Opt-in: with handoff running, a request for an operator opens a real session (and its messages).
  const handoff: Handoff | undefined = opts.handoff
    ? await startHandoff(loadConfig(handoffEnvSchema, env))
    : undefined;
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
    /**
     * The citizen's id on the platform (their pseudonym) for a Viber user id: what the gateway gives
     * them at first contact (made now if they have not written yet).
     */
    async citizenIdOf(viberId: string): Promise<string> {
      return (await platform.gateway.runtime.citizenKeys.pseudonymsOf([viberId])).get(viberId)!;
    },
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
      await Promise.allSettled([
        platform.gateway.stop(),
        dialog.stop(),
        analytics.stop(),
        platform.broadcast.stop(),
        ...(handoff ? [handoff.stop()] : []),
      ]);
      await viber.stop();
      await cleanupNamespace(namespace);
    },
  };
  return platform;
}

/**
 * A citizen on Viber and staff on the operator API of a platform started with `{ handoff: true }`:
 * what the handoff end-to-end tests do over and over.
 */
export function handoffDriver(platform: Awaited<ReturnType<typeof startPlatform>>) {
  const handoff = platform.handoff;
  if (!handoff) throw new Error('start the platform with { handoff: true }');
  const driver = {
    call: (method: string, path: string, opts: { token?: string; body?: unknown } = {}) =>
      callJson(handoff.url, method, path, opts),
    /** Creates a staff account and signs it in: its id and bearer token. */
    async staffMember(
      name: string,
      roles: StaffRole[],
      departments: string[],
    ): Promise<{ id: string; token: string }> {
      const password = 'Budva-Opstina-2026';
      const email = `${name.toLowerCase()}@budva.local`;
      const account = await handoff.staff.createAccount.execute({
        email,
        password,
        name,
        roles,
        departments,
        by: null,
      });
      const login = await driver.call('POST', '/auth/login', { body: { email, password } });
      if (login.status !== 200) throw new Error(`login of ${email}: ${login.status}`);
      return { id: account.id, token: login.body.token };
    },
    sentTo: (user: string) => platform.viber.sentMessages().filter((m) => m.receiver === user),
    async say(user: string, text: string): Promise<void> {
      const res = await postSignedCallback(platform.webhookUrl, VIBER_TOKEN, textMessageCallback(user, text));
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    },
    nextMessageTo(
      user: string,
      after: number,
      matching: (m: SentViberMessage) => boolean = () => true,
    ): Promise<SentViberMessage> {
      return eventually(() => driver.sentTo(user).slice(after).find(matching), {
        message: `a message to ${user}`,
      });
    },
    /** The citizen asks the bot something it does not understand, then asks for a person (the general line). */
    async asksForPerson(user: string): Promise<SentViberMessage> {
      await driver.say(user, 'koliko je sati');
      await driver.nextMessageTo(user, 0);
      await driver.say(user, 'op:request');
      return driver.nextMessageTo(
        user,
        0,
        (m) => !!m.keyboard?.Buttons.some((b) => b.ActionBody === 'handoff:end'),
      );
    },
    /** The session of the citizen in a list the token can see. */
    async sessionOf(user: string, token: string, status: 'waiting' | 'active' | 'closed' = 'waiting') {
      const citizenId = await platform.citizenIdOf(user);
      return eventually(
        async () => {
          const list = await driver.call('GET', `/handoff/sessions?status=${status}`, { token });
          return (list.body as Array<{ id: string; citizenId: string; [k: string]: unknown }>).find(
            (s) => s.citizenId === citizenId,
          );
        },
        { message: `a ${status} session of ${user}` },
      );
    },
  };
  return driver;
}
