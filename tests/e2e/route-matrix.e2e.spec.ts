import { STAFF_ROLES, StaffClaims, StaffRole } from '@citizen-desk/auth';
import { eventually } from '@citizen-desk/testing';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startPlatform } from './platform.fixture';
import { ROUTE_ACCESS, RouteAccess } from './route-access.rules';

/**
 * Every route of every service × every kind of caller: anonymous, each role, staff of another
 * department, and a revoked session. Routes come from the Nest metadata of the running apps, so a
 * route added without a rule in route-access.rules.ts fails here. Bodies and ids are dummies: an
 * allowed caller is checked to get past authentication and authorization (neither 401 nor 403),
 * not to succeed.
 */
jest.setTimeout(300_000);

type Platform = Awaited<ReturnType<typeof startPlatform>>;
const DEPARTMENT = 'local-self-government';
const OTHER_DEPARTMENT = 'elsewhere';
/** The roles of the other department's staff member: every one but admin. */
const OTHER_ROLES: StaffRole[] = ['operator', 'supervisor', 'editor', 'official'];

interface Route {
  service: string;
  method: string;
  path: string;
}

const joinPath = (...parts: string[]) =>
  '/' +
  parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/');

/** The routes a Nest app serves, read from its controllers' metadata. */
function routesOf(service: string, app: NestFastifyApplication): Route[] {
  const routes: Route[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        for (const b of base)
          for (const p of ([] as string[]).concat(path))
            routes.push({ service, method: RequestMethod[method], path: joinPath(b, p) });
      }
    }
  }
  // Routes registered on Fastify itself (the gateway's webhook, kept off the Nest router for speed) have
  // no Nest metadata: a rule for one counts when Fastify has the route.
  const fastify = app.getHttpAdapter().getInstance();
  for (const key of Object.keys(ROUTE_ACCESS[service] ?? {})) {
    const [method, path] = key.split(' ');
    const known = routes.some((r) => r.method === method && r.path === path);
    if (!known && fastify.hasRoute({ method: method as 'POST', url: path }))
      routes.push({ service, method, path });
  }
  return routes;
}

function urlOf(p: Platform, service: string): string {
  const running = {
    gateway: p.gateway,
    dialog: p.dialog,
    handoff: p.handoff!,
    broadcast: p.broadcast,
    analytics: p.analytics,
  };
  return running[service as keyof typeof running].url;
}

/** The status a caller gets; the body is never read (the live stream would not end). */
async function statusOf(p: Platform, route: Route, token?: string): Promise<number> {
  const path = route.path.replace(/:version\b/, '999').replace(/:[A-Za-z]+/g, 'no-such-thing');
  const hasBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
  const controller = new AbortController();
  const res = await fetch(`${urlOf(p, route.service)}${path}`, {
    method: route.method,
    headers: {
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: hasBody ? '{}' : undefined,
    signal: controller.signal,
    // The old pages' addresses redirect to the staff app, which need not be running: the 302 is the answer.
    redirect: 'manual',
  });
  controller.abort();
  return res.status;
}

const allows = (rule: Extract<RouteAccess, { access: 'staff' }>, role: StaffRole) =>
  role === 'admin' || rule.roles === 'any' || rule.roles.includes(role);

describe('route × role matrix', () => {
  let p: Platform;
  let routes: Route[];
  const tokens = {} as Record<StaffRole | 'other-department' | 'revoked', string>;
  let account: (
    name: string,
    roles: StaffRole[],
    departments: string[],
  ) => Promise<{ token: string; claims: StaffClaims }>;

  beforeAll(async () => {
    p = await startPlatform({}, { handoff: true });
    const handoff = p.handoff!;
    account = async (name: string, roles: StaffRole[], departments: string[]) => {
      const created = await handoff.staff.createAccount.execute({
        email: `${name}@budva.local`,
        password: 'Budva-Opstina-2026',
        name,
        roles,
        departments,
        by: null,
      });
      const claims: StaffClaims = {
        sub: created.id,
        email: created.email,
        name,
        roles: created.roles,
        departments: created.departments,
      };
      return { token: (await handoff.staffTokens.issuer.issue(claims)).token, claims };
    };
    const made = await Promise.all([
      ...STAFF_ROLES.map(
        async (role) => [role, (await account(`matrix-${role}`, [role], [DEPARTMENT])).token] as const,
      ),
      (async () =>
        [
          'other-department',
          (await account('matrix-other', OTHER_ROLES, [OTHER_DEPARTMENT])).token,
        ] as const)(),
      (async () => ['revoked', (await account('matrix-revoked', ['admin'], [DEPARTMENT])).token] as const)(),
    ]);
    for (const [who, token] of made) tokens[who] = token;
    expect(
      await statusOf(p, { service: 'handoff', method: 'POST', path: '/auth/logout' }, tokens.revoked),
    ).toBe(204);
    routes = [
      ...routesOf('gateway', p.gateway.app),
      ...routesOf('dialog', p.dialog.app),
      ...routesOf('handoff', handoff.app),
      ...routesOf('broadcast', p.broadcast.app),
      ...routesOf('analytics', p.analytics.app),
    ];
  }, 300_000);

  afterAll(() => p?.stop());

  it('finds the routes of every service, and a rule for each of them', () => {
    expect(new Set(routes.map((r) => r.service))).toEqual(
      new Set(['gateway', 'dialog', 'handoff', 'broadcast', 'analytics']),
    );
    const unruled = routes
      .filter((r) => !ROUTE_ACCESS[r.service]?.[`${r.method} ${r.path}`])
      .map((r) => `${r.service} ${r.method} ${r.path}`);
    expect(unruled).toEqual([]);
    const stale = Object.entries(ROUTE_ACCESS).flatMap(([service, rules]) =>
      Object.keys(rules)
        .filter((key) => !routes.some((r) => r.service === service && `${r.method} ${r.path}` === key))
        .map((key) => `${service} ${key}`),
    );
    expect(stale).toEqual([]);
  });

  it('answers every caller of every route as its rule says', async () => {
    const wrong: string[] = [];
    const expectStatus = (
      route: Route,
      who: string,
      status: number,
      ok: (s: number) => boolean,
      want: string,
    ) => {
      if (!ok(status))
        wrong.push(`${route.service} ${route.method} ${route.path} as ${who}: ${status}, expected ${want}`);
    };
    const authorized = (s: number) => s !== 401 && s !== 403;
    // Signing out ends the caller's session: last, or every later route would see revoked tokens.
    const lastOfAll = (r: Route) => (r.path === '/auth/logout' ? 1 : 0);
    for (const route of [...routes].sort((a, b) => lastOfAll(a) - lastOfAll(b))) {
      const rule = ROUTE_ACCESS[route.service][`${route.method} ${route.path}`];
      if (!rule) continue;
      const callers: Array<[string, string | undefined]> = [
        ['anonymous', undefined],
        ...STAFF_ROLES.map((r) => [r, tokens[r]] as [string, string]),
        ['other-department', tokens['other-department']],
        ['revoked', tokens.revoked],
      ];
      for (const [who, token] of callers) {
        const status = await statusOf(p, route, token);
        switch (rule.access) {
          case 'public':
            expectStatus(route, who, status, authorized, 'neither 401 nor 403');
            break;
          case 'open311-view':
            if (who === 'revoked') expectStatus(route, who, status, (s) => s === 403, '403');
            else expectStatus(route, who, status, authorized, 'neither 401 nor 403');
            break;
          case 'viber-signature':
            expectStatus(route, who, status, (s) => s === 401, '401 (unsigned)');
            break;
          case 'open311-key':
            if (who === 'anonymous' || who === 'revoked')
              expectStatus(route, who, status, (s) => s === 403, '403');
            else expectStatus(route, who, status, authorized, 'neither 401 nor 403');
            break;
          case 'staff':
            if (who === 'anonymous' || who === 'revoked')
              expectStatus(route, who, status, (s) => s === 401, '401');
            else if (who === 'other-department') {
              // Holds every non-admin role, but not the department: never a success on a department's thing.
              if (!OTHER_ROLES.some((r) => allows(rule, r)))
                expectStatus(route, who, status, (s) => s === 403, '403');
              else if (rule.department === 'resource' || rule.department === 'body')
                expectStatus(route, who, status, (s) => s >= 400, 'a refusal');
              else expectStatus(route, who, status, authorized, 'neither 401 nor 403');
            } else if (allows(rule, who as StaffRole))
              expectStatus(route, who, status, authorized, 'neither 401 nor 403');
            else expectStatus(route, who, status, (s) => s === 403, '403');
            break;
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses a token that must first change its password on every staff route but those that change it', async () => {
    const pending = await account('matrix-pending', ['admin'], [DEPARTMENT]);
    const { token } = await p.handoff!.staffTokens.issuer.issue({
      ...pending.claims,
      mustChangePassword: true,
    });
    // Changing one's password, who am I, and signing out (not tried: it would end the session).
    const allowed = new Set([
      'handoff POST /staff/:id/password',
      'handoff GET /auth/me',
      'handoff POST /auth/logout',
    ]);
    const wrong: string[] = [];
    for (const route of routes) {
      const key = `${route.service} ${route.method} ${route.path}`;
      const rule = ROUTE_ACCESS[route.service][`${route.method} ${route.path}`];
      if (allowed.has(key) || !rule) continue;
      const status = await statusOf(p, route, token);
      if (rule.access === 'staff' || rule.access === 'open311-key') {
        if (status !== 403) wrong.push(`${key}: ${status}, expected 403`);
      } else if (rule.access === 'open311-view' && status !== 403)
        wrong.push(`${key}: ${status}, expected 403`);
    }
    expect(wrong).toEqual([]);
    expect(await statusOf(p, { service: 'handoff', method: 'GET', path: '/auth/me' }, token)).toBe(200);
  });

  /** One staff route per service (the gateway's only one is the admins' dead letters): what a revoked token is tried on. */
  const PROBES: Route[] = [
    { service: 'dialog', method: 'GET', path: '/dialog/content' },
    { service: 'handoff', method: 'GET', path: '/handoff/sessions' },
    { service: 'broadcast', method: 'GET', path: '/broadcast/audience' },
    { service: 'analytics', method: 'GET', path: '/analytics/messages' },
    { service: 'gateway', method: 'GET', path: '/admin/dead-letters' },
  ];

  /** Every probe answers 401 within 5 s of `revoke`, and the session's live stream has ended by then. */
  async function refusedEverywhereWithin5s(token: string, revoke: () => Promise<void>) {
    for (const probe of PROBES)
      expect([probe.path, await statusOf(p, probe, token)]).toEqual([probe.path, 200]);
    const stream = await fetch(`${p.handoff!.url}/handoff/stream`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    while (!received.includes('event: ready')) received += decoder.decode((await reader.read()).value);
    const streamEnded = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return Date.now();
        received += decoder.decode(value);
      }
    })();
    const revokedAt = Date.now();
    await revoke();
    await eventually(
      async () =>
        (await Promise.all(PROBES.map((probe) => statusOf(p, probe, token)))).every((s) => s === 401),
      { timeoutMs: 5000, intervalMs: 100, message: 'every service refusing the revoked token within 5 s' },
    );
    const endedAt = await Promise.race([
      streamEnded,
      new Promise<number>((r) => setTimeout(() => r(Infinity), 5000)),
    ]);
    expect(endedAt - revokedAt).toBeLessThan(5000);
    expect(received).toContain('event: signed-out');
  }

  it('refuses a signed-out session in every service within 5 s, and ends its live stream', async () => {
    const { token } = await account('signs-out', ['admin'], [DEPARTMENT]);
    const other = await account('stays-in', ['admin'], [DEPARTMENT]);
    await refusedEverywhereWithin5s(token, async () => {
      expect(await statusOf(p, { service: 'handoff', method: 'POST', path: '/auth/logout' }, token)).toBe(
        204,
      );
    });
    expect(await statusOf(p, PROBES[0], other.token)).toBe(200);
  });

  it('refuses every session of a deactivated account, or one whose roles changed, within 5 s', async () => {
    const admin = await account('matrix-boss', ['admin'], []);
    const leaving = await account('leaving', ['admin'], [DEPARTMENT]);
    await refusedEverywhereWithin5s(leaving.token, async () => {
      await p.handoff!.staff.updateAccount.execute({
        id: leaving.claims.sub,
        changes: { active: false },
        by: admin.claims,
      });
    });
    const moved = await account('moved', ['admin', 'operator'], [DEPARTMENT]);
    await refusedEverywhereWithin5s(moved.token, async () => {
      await p.handoff!.staff.updateAccount.execute({
        id: moved.claims.sub,
        changes: { roles: ['admin'] },
        by: admin.claims,
      });
    });
    // A token issued after the change is good.
    const fresh = await p.handoff!.staffTokens.issuer.issue({ ...moved.claims, roles: ['admin'] });
    expect(await statusOf(p, PROBES[2], fresh.token)).toBe(200);
  });
});
