import { generateStaffSigningKey, issueStaffToken } from '@citizen-desk/auth';
import { handoffEnvSchema, loadConfig } from '@citizen-desk/config';
import { callJson, cleanupNamespace, JsonAnswer, serviceTestEnv, testNamespace } from '@citizen-desk/testing';
import { Handoff, startHandoff } from '../handoff.app';
import { LOGIN_FAILED } from './usecases/login/login.usecase';

const ns = testNamespace();
/** Handoff instances with other limits count in a namespace of their own (the counts are shared in PostgreSQL). */
const limitedNs = testNamespace();
const adminEmail = 'admin@budva.local';
const adminPassword = 'Budva-Opstina-2026';
const env = (overrides: Record<string, string | undefined> = {}) =>
  serviceTestEnv(ns, {
    // Sign-in from "several addresses": the tests write X-Forwarded-For as a proxy on the loopback would.
    TRUSTED_PROXIES: 'loopback',
    STAFF_ADMIN_EMAIL: adminEmail,
    STAFF_ADMIN_PASSWORD: adminPassword,
    ...overrides,
  });

let handoff: Handoff;
const started: Handoff[] = [];

beforeAll(async () => {
  handoff = await startHandoff(loadConfig(handoffEnvSchema, env()));
  started.push(handoff);
});

afterAll(async () => {
  await Promise.allSettled(started.map((h) => h.stop()));
  await cleanupNamespace(ns);
  await cleanupNamespace(limitedNs);
});

type Answer = JsonAnswer;
const call = (method: string, path: string, opts: { token?: string; body?: unknown } = {}) =>
  callJson(handoff.url, method, path, opts);

async function login(
  email: string,
  password: string,
  from = '198.51.100.1',
  url = handoff.url,
): Promise<Answer> {
  const res = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify({ email, password }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function tokenOf(email: string, password: string): Promise<string> {
  const res = await login(email, password);
  expect(res.status).toBe(200);
  return res.body.token;
}

let counter = 0;
async function createStaff(adminToken: string, fields: Record<string, unknown> = {}) {
  counter += 1;
  const body = {
    email: `person${counter}@budva.me`,
    name: `Person ${counter}`,
    password: `Lozinka-${counter}-budva`,
    roles: ['operator'],
    departments: ['tax'],
    ...fields,
  };
  const res = await call('POST', '/staff', { token: adminToken, body });
  expect(res.status).toBe(201);
  return { ...res.body, password: body.password as string };
}

describe('handoff staff accounts', () => {
  it('bootstraps the admin, who signs in and is known to /auth/me', async () => {
    const res = await login('Admin@Budva.Local', adminPassword);
    expect(res.status).toBe(200);
    expect(res.body.staff).toEqual({
      id: expect.any(String),
      email: adminEmail,
      name: 'Administrator',
      roles: ['admin'],
      departments: [],
    });
    const expiresIn = Date.parse(res.body.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(8 * 3600 * 1000 - 60_000);
    expect(expiresIn).toBeLessThanOrEqual(8 * 3600 * 1000);
    const me = await call('GET', '/auth/me', { token: res.body.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: adminEmail, roles: ['admin'], active: true });
    expect(JSON.stringify(me.body)).not.toMatch(/scrypt|hash/i);
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const wrong = await login(adminEmail, 'not-the-password-1');
    const unknown = await login('nobody@budva.local', 'not-the-password-1');
    expect(wrong).toEqual({ status: 401, body: expect.objectContaining({ message: LOGIN_FAILED }) });
    expect(unknown).toEqual(wrong);
  });

  it('answers 400 to a malformed login', async () => {
    const res = await login(undefined as unknown as string, 'x');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/email: Required/);
  });

  it('accepts its own tokens and refuses tampered, expired and foreign ones', async () => {
    const token = await tokenOf(adminEmail, adminPassword);
    expect((await call('GET', '/staff', { token })).status).toBe(200);

    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = [
      header,
      Buffer.from(JSON.stringify({ ...claims, name: 'Mallory' })).toString('base64url'),
      signature,
    ].join('.');
    const sub = claims.sub as string;
    const admin = {
      sub,
      email: adminEmail,
      name: 'Administrator',
      roles: ['admin' as const],
      departments: [],
    };
    const { token: expired } = await handoff.staffTokens.issuer.issue(
      admin,
      new Date(Date.now() - 9 * 3600_000),
    );
    const foreignKey = await generateStaffSigningKey();
    const foreign = await issueStaffToken(admin, foreignKey, 60);
    // A foreign key claiming the handoff key's id: the signature still does not verify.
    const impostor = await issueStaffToken(admin, { ...foreignKey, kid: handoff.staffTokens.issuer.kid }, 60);
    for (const bad of [tampered, expired, foreign, impostor, 'garbage']) {
      const res = await call('GET', '/staff', { token: bad });
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/invalid, expired or revoked/);
    }
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({ alg: 'EdDSA' });
  });

  it('lets only admins use the staff routes: 401 without a token, 403 for an operator', async () => {
    const admin = await tokenOf(adminEmail, adminPassword);
    const operator = await createStaff(admin);
    const operatorToken = await tokenOf(operator.email, operator.password);
    const other = await createStaff(admin);
    const newStaff = {
      email: 'new.person@budva.me',
      name: 'New',
      password: 'Nova-lozinka-1',
      roles: ['editor'],
      departments: [],
    };
    const routes: Array<[string, string, unknown, number]> = [
      ['POST', '/staff', newStaff, 201],
      ['GET', '/staff', undefined, 200],
      ['GET', `/staff/${other.id}`, undefined, 200],
      ['PATCH', `/staff/${other.id}`, { name: 'Renamed' }, 200],
      ['POST', `/staff/${other.id}/password`, { password: 'Druga-lozinka-2' }, 204],
    ];
    for (const [method, path, body, ok] of routes) {
      expect([method, path, (await call(method, path, { body })).status]).toEqual([method, path, 401]);
      expect([method, path, (await call(method, path, { body, token: operatorToken })).status]).toEqual([
        method,
        path,
        403,
      ]);
      expect([method, path, (await call(method, path, { body, token: admin })).status]).toEqual([
        method,
        path,
        ok,
      ]);
    }
    expect((await call('GET', '/auth/me')).status).toBe(401);
    const list = await call('GET', '/staff', { token: admin });
    expect(list.body.map((s: { email: string }) => s.email)).toEqual(
      expect.arrayContaining([adminEmail, operator.email, 'new.person@budva.me']),
    );
    // No hash nor password in the list; only the flag that one must be chosen.
    expect(JSON.stringify(list.body).replace(/"mustChangePassword":(true|false)/g, '')).not.toMatch(
      /scrypt|password/i,
    );
    expect((await call('GET', `/staff/${other.id}`, { token: admin })).body.name).toBe('Renamed');
    expect((await login(other.email, 'Druga-lozinka-2')).status).toBe(200);
  });

  it('validates new accounts: 400 for bad fields and weak passwords, 409 for a taken email', async () => {
    const admin = await tokenOf(adminEmail, adminPassword);
    const bad = await call('POST', '/staff', {
      token: admin,
      body: { email: 'not-an-email', name: '', password: 'Ok-password-1', roles: ['root'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/email: Invalid email/);
    expect(bad.body.message).toMatch(/roles\.0: Invalid enum value/);
    const weak = await call('POST', '/staff', {
      token: admin,
      body: { email: 'weak@budva.me', name: 'W', password: 'short', roles: ['editor'] },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.message).toMatch(/at least 10 characters/);
    const taken = await call('POST', '/staff', {
      token: admin,
      body: { email: 'ADMIN@budva.local', name: 'Dup', password: 'Another-pass-1', roles: ['editor'] },
    });
    expect(taken.status).toBe(409);
    expect((await call('GET', '/staff/no-such-id', { token: admin })).status).toBe(404);
  });

  it('stops sign-in from one address after 5 wrong passwords for 15 minutes, never from another', async () => {
    const admin = await tokenOf(adminEmail, adminPassword);
    const person = await createStaff(admin);
    const attacker = '203.0.113.66';
    for (let i = 0; i < 4; i++)
      expect((await login(person.email, 'Wrong-password-1', attacker)).status).toBe(401);
    expect((await login(person.email, person.password, attacker)).status).toBe(200); // a success resets the count
    for (let i = 0; i < 5; i++)
      expect((await login(person.email, 'Wrong-password-1', attacker)).status).toBe(401);
    const locked = await login(person.email, person.password, attacker);
    expect(locked).toEqual({ status: 401, body: expect.objectContaining({ message: LOGIN_FAILED }) });
    // The attacker cannot keep the person out: from their own address they sign in at once.
    expect((await login(person.email, person.password, '198.51.100.77')).status).toBe(200);
  });

  it('answers 429 with Retry-After past the per-address limit, and past the global one', async () => {
    const limited = await startHandoff(
      loadConfig(handoffEnvSchema, {
        ...env({ STAFF_LOGIN_PER_IP_PER_MINUTE: '3', STAFF_LOGIN_GLOBAL_PER_MINUTE: '5', HANDOFF_PORT: '0' }),
        NATS_NAMESPACE: limitedNs,
      }),
    );
    started.push(limited);
    const attempt = async (from: string) => {
      const res = await fetch(`${limited.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
        body: JSON.stringify({ email: 'sprayed@budva.local', password: 'Summer-2026!' }),
      });
      return { status: res.status, retryAfter: res.headers.get('retry-after') };
    };
    for (let i = 0; i < 3; i++) expect((await attempt('192.0.2.1')).status).toBe(401);
    const perIp = await attempt('192.0.2.1');
    expect(perIp.status).toBe(429);
    // Until the first attempt leaves the minute: how long the three took depends on the machine.
    expect(Number(perIp.retryAfter)).toBeGreaterThan(0);
    expect(Number(perIp.retryAfter)).toBeLessThanOrEqual(60);
    // Spraying from many addresses: the global limit (5 a minute here) holds, whatever the address.
    expect((await attempt('192.0.2.2')).status).toBe(401);
    expect((await attempt('192.0.2.3')).status).toBe(401);
    const global = await attempt('192.0.2.4');
    expect(global.status).toBe(429);
    expect(Number(global.retryAfter)).toBeGreaterThan(0);
  });

  it("counts a client's own address whatever X-Forwarded-For it writes, unless it comes through a trusted proxy", async () => {
    const direct = await startHandoff(
      loadConfig(handoffEnvSchema, {
        ...env({ STAFF_LOGIN_PER_IP_PER_MINUTE: '2', HANDOFF_PORT: '0', TRUSTED_PROXIES: 'none' }),
        NATS_NAMESPACE: limitedNs,
      }),
    );
    started.push(direct);
    const attempt = async (from: string) =>
      (
        await fetch(`${direct.url}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
          body: JSON.stringify({ email: 'spoofer@budva.local', password: 'Summer-2026!' }),
        })
      ).status;
    // A new address in the header each time does not make a new client: the loopback is not trusted here.
    expect(await attempt('198.51.100.11')).toBe(401);
    expect(await attempt('198.51.100.12')).toBe(401);
    expect(await attempt('198.51.100.13')).toBe(429);
  });

  it('signs out: the token is refused at once, another session of the same person goes on', async () => {
    const admin = await tokenOf(adminEmail, adminPassword);
    const person = await createStaff(admin);
    const first = await tokenOf(person.email, person.password);
    const second = await tokenOf(person.email, person.password);
    // For the record, the sign-out is published (the services act on the KV revocation, not on this).
    const published = handoff.runtime.messaging.nc.subscribe(`${ns}.staff.session-revoked`, { max: 1 });
    expect((await call('POST', '/auth/logout')).status).toBe(401);
    expect((await call('POST', '/auth/logout', { token: first })).status).toBe(204);
    expect((await call('GET', '/auth/me', { token: first })).status).toBe(401);
    expect((await call('GET', '/auth/me', { token: second })).status).toBe(200);
    for await (const m of published) {
      const envelope = m.json<{ type: string; data: Record<string, unknown> }>();
      expect(envelope).toMatchObject({
        type: 'StaffSessionRevoked',
        data: { staffId: person.id, reason: 'logout' },
      });
    }
  });

  it('publishes its public key as a JWK Set, never the private half', async () => {
    const res = await call('GET', '/auth/jwks');
    expect(res.status).toBe(200);
    expect(res.body.keys).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kid: handoff.staffTokens.issuer.kid,
          kty: 'OKP',
          crv: 'Ed25519',
          alg: 'EdDSA',
        }),
      ]),
    );
    expect(JSON.stringify(res.body)).not.toMatch(/"d"/);
  });

  it('keeps deactivated accounts out, including with a token issued before', async () => {
    const admin = await tokenOf(adminEmail, adminPassword);
    const person = await createStaff(admin);
    const earlier = await tokenOf(person.email, person.password);
    expect(
      (await call('PATCH', `/staff/${person.id}`, { token: admin, body: { active: false } })).body.active,
    ).toBe(false);
    expect((await login(person.email, person.password)).status).toBe(401);
    expect((await call('GET', '/auth/me', { token: earlier })).status).toBe(401);
    expect(
      (await call('PATCH', `/staff/${person.id}`, { token: admin, body: { active: true } })).body.active,
    ).toBe(true);
    expect((await login(person.email, person.password)).status).toBe(200);
  });

  it('erases a deactivated holder after STAFF_ACCOUNT_RETENTION_DAYS, keeping the account id and roles', async () => {
    const admin = await tokenOf(adminEmail, adminPassword);
    const gone = await createStaff(admin, { name: 'Milica Vuković', roles: ['editor'] });
    const recent = await createStaff(admin);
    for (const person of [gone, recent])
      expect(
        (await call('PATCH', `/staff/${person.id}`, { token: admin, body: { active: false } })).status,
      ).toBe(200);
    await handoff.runtime.dataSource.query(
      `UPDATE staff_accounts SET deactivated_at = now() - interval '181 days' WHERE id = $1`,
      [gone.id],
    );

    expect(await handoff.runtime.retention.runOnce()).toMatchObject({ 'staff-accounts': 1 });

    const account = await call('GET', `/staff/${gone.id}`, { token: admin });
    expect(account.body).toMatchObject({ id: gone.id, name: '[erased]', roles: ['editor'], active: false });
    const record = JSON.stringify([
      await handoff.runtime.dataSource.query('SELECT * FROM staff_accounts WHERE id = $1', [gone.id]),
      (await handoff.runtime.eventStore.readStream(`staff-${gone.id}`)).events,
    ]);
    expect(record).not.toMatch(/Milica|Vuković/);
    expect(record).not.toContain(gone.email);
    expect(record).not.toContain('scrypt$');
    // Final: an erased account comes back for no one; one deactivated recently is untouched.
    expect((await call('PATCH', `/staff/${gone.id}`, { token: admin, body: { active: true } })).status).toBe(
      409,
    );
    expect((await login(gone.email, gone.password)).status).toBe(401);
    expect((await call('GET', `/staff/${recent.id}`, { token: admin })).body).toMatchObject({
      email: recent.email,
      name: recent.name,
    });
    expect(await handoff.runtime.retention.runOnce()).toMatchObject({ 'staff-accounts': 0 });
  });

  it("tells any staff member their departments' colleagues' and admins' names, and no one else's, nor more", async () => {
    const admin = await tokenOf(adminEmail, adminPassword);
    const me = await createStaff(admin, {
      name: 'Sanda Supervizor',
      roles: ['supervisor'],
      departments: ['roads'],
    });
    const colleague = await createStaff(admin, {
      name: 'Evica Urednik',
      roles: ['editor'],
      departments: ['roads', 'tax'],
    });
    const elsewhere = await createStaff(admin, {
      name: 'Tamara Drugdje',
      roles: ['editor'],
      departments: ['tax'],
    });
    const anAdmin = await createStaff(admin, { name: 'Admir Admin', roles: ['admin'], departments: [] });
    const gone = await createStaff(admin, {
      name: 'Goran Otišao',
      roles: ['editor'],
      departments: ['roads'],
    });
    await call('PATCH', `/staff/${gone.id}`, { token: admin, body: { active: false } });
    await handoff.runtime.dataSource.query(
      `UPDATE staff_accounts SET deactivated_at = now() - interval '181 days' WHERE id = $1`,
      [gone.id],
    );
    await handoff.runtime.retention.runOnce();
    // Created by an admin: the holder chooses their own password before anything else.
    const chosen = 'Moja-nova-lozinka-7';
    const first = await tokenOf(me.email, me.password);
    await call('POST', `/staff/${me.id}/password`, {
      token: first,
      body: { password: chosen, currentPassword: me.password },
    });
    const token = await tokenOf(me.email, chosen);
    const ids = [me.id, colleague.id, elsewhere.id, anAdmin.id, gone.id, 'no-such-account'];

    const names = await call('GET', `/staff/names?ids=${ids.join(',')}`, { token });

    expect(names.status).toBe(200);
    expect(names.body).toEqual(
      expect.arrayContaining([
        { id: me.id, name: 'Sanda Supervizor' },
        { id: colleague.id, name: 'Evica Urednik' },
        { id: anAdmin.id, name: 'Admir Admin' },
        { id: gone.id, name: '[erased]' },
      ]),
    );
    expect(names.body).toHaveLength(4);
    // An admin reads everyone's; the caller's own departments bound no one else.
    const all = await call('GET', `/staff/names?ids=${ids.join(',')}`, { token: admin });
    expect(all.body).toContainEqual({ id: elsewhere.id, name: 'Tamara Drugdje' });
    const tooMany = Array.from({ length: 101 }, (_, i) => `id-${i}`).join(',');
    expect((await call('GET', `/staff/names?ids=${tooMany}`, { token })).status).toBe(400);
    expect((await call('GET', `/staff/names?ids=${me.id}`)).status).toBe(401);
    // The bootstrap admin stays the only active one, as the tests of the last admin expect.
    await call('PATCH', `/staff/${anAdmin.id}`, { token: admin, body: { active: false } });
  });

  it('does not bring back a first admin whose account was erased', async () => {
    const admin = await tokenOf(adminEmail, adminPassword);
    const email = 'first-admin@budva.me';
    const bootstrap = () =>
      handoff.staff.bootstrapAdmin.execute({
        email,
        password: () => ({ password: 'Prvi-Admin-Budva-2026', generated: false }),
      });
    expect(await bootstrap()).toBe('created');
    const [{ id }] = await handoff.runtime.dataSource.query(
      'SELECT id FROM staff_accounts WHERE email = $1',
      [email],
    );
    expect((await call('PATCH', `/staff/${id}`, { token: admin, body: { active: false } })).status).toBe(200);
    await handoff.runtime.dataSource.query(
      `UPDATE staff_accounts SET deactivated_at = now() - interval '181 days' WHERE id = $1`,
      [id],
    );
    expect(await handoff.runtime.retention.runOnce()).toMatchObject({ 'staff-accounts': 1 });
    // A restart with the same STAFF_ADMIN_EMAIL and password: no new admin, no failed start.
    expect(await bootstrap()).toBe('exists');
    expect((await login(email, 'Prvi-Admin-Budva-2026')).status).toBe(401);
  });

  it('lets staff change their own password only with the current one', async () => {
    const admin = await tokenOf(adminEmail, adminPassword);
    const person = await createStaff(admin, { roles: ['editor'] });
    const other = await createStaff(admin);
    const token = await tokenOf(person.email, person.password);
    const path = `/staff/${person.id}/password`;
    expect((await call('POST', path, { token, body: { password: 'Moja-nova-lozinka-1' } })).status).toBe(400);
    expect(
      (
        await call('POST', path, {
          token,
          body: { password: 'Moja-nova-lozinka-1', currentPassword: 'Wrong-password-1' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call('POST', `/staff/${other.id}/password`, {
          token,
          body: { password: 'Moja-nova-lozinka-1', currentPassword: person.password },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call('POST', path, {
          token,
          body: { password: 'Moja-nova-lozinka-1', currentPassword: person.password },
        })
      ).status,
    ).toBe(204);
    expect((await login(person.email, person.password)).status).toBe(401);
    expect((await login(person.email, 'Moja-nova-lozinka-1')).status).toBe(200);
    // The change revoked every token issued before it, the one that made it included.
    expect((await call('GET', '/auth/me', { token })).status).toBe(401);
  });

  it('makes a new account, and one an admin reset, choose its own password before anything else', async () => {
    const admin = await tokenOf(adminEmail, adminPassword);
    expect((await login(adminEmail, adminPassword)).body.mustChangePassword).toBe(false);
    const person = await createStaff(admin, { roles: ['operator', 'admin'] });
    expect(person.mustChangePassword).toBe(true);
    const first = await login(person.email, person.password);
    expect(first.status).toBe(200);
    expect(first.body.mustChangePassword).toBe(true);
    const token = first.body.token as string;
    // Every other staff route refuses it, here and in the other services alike (the guard is shared).
    for (const path of ['/staff', '/handoff/sessions?status=waiting', '/reports']) {
      const res = await call('GET', path, { token });
      expect([path, res.status]).toEqual([path, 403]);
      expect(res.body.message).toMatch(/choose your own password first/);
    }
    // Not even an admin's pending token may reset someone else's password.
    const other = await createStaff(admin);
    expect(
      (await call('POST', `/staff/${other.id}/password`, { token, body: { password: 'Tudja-lozinka-22' } }))
        .status,
    ).toBe(403);
    expect((await call('GET', '/auth/me', { token })).status).toBe(200);
    const path = `/staff/${person.id}/password`;
    const same = await call('POST', path, {
      token,
      body: { password: person.password, currentPassword: person.password },
    });
    expect(same.status).toBe(400);
    expect(same.body.message).toMatch(/other than the one you were given/);
    const chosen = 'Moja-izabrana-lozinka-7';
    expect(
      (await call('POST', path, { token, body: { password: chosen, currentPassword: person.password } }))
        .status,
    ).toBe(204);
    const again = await login(person.email, chosen);
    expect(again.body.mustChangePassword).toBe(false);
    expect((await call('GET', '/staff', { token: again.body.token })).status).toBe(200);

    // An admin's reset asks for a new one again.
    expect((await call('POST', path, { token: admin, body: { password: 'Od-admina-2026-x' } })).status).toBe(
      204,
    );
    expect((await call('GET', `/staff/${person.id}`, { token: admin })).body.mustChangePassword).toBe(true);
    expect((await login(person.email, 'Od-admina-2026-x')).body.mustChangePassword).toBe(true);
    // The other tests count on a single admin.
    expect(
      (await call('PATCH', `/staff/${person.id}`, { token: admin, body: { active: false } })).status,
    ).toBe(200);
    // Many password hashes (scrypt) in one test: a loaded machine needs time, which no test asserts on.
  }, 180_000);

  it('sends the old operator console to the staff app', async () => {
    const res = await fetch(`${handoff.url}/console`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('http://127.0.0.1:3005/inbox');
    expect((await fetch(`${handoff.url}/console/console.js`, { redirect: 'manual' })).status).toBe(404);
  });

  it('changes roles and departments, refuses stale tokens here, and keeps at least one admin', async () => {
    const admin = await tokenOf(adminEmail, adminPassword);
    const person = await createStaff(admin, { roles: ['operator'], departments: ['tax'] });
    const before = await tokenOf(person.email, person.password);
    const changed = await call('PATCH', `/staff/${person.id}`, {
      token: admin,
      body: { roles: ['supervisor', 'operator'], departments: ['water', 'tax'] },
    });
    expect(changed.body).toMatchObject({ roles: ['operator', 'supervisor'], departments: ['tax', 'water'] });
    expect((await login(person.email, person.password)).body.staff.roles).toEqual(['operator', 'supervisor']);
    const demote = await call('PATCH', `/staff/${person.id}`, { token: admin, body: { departments: [] } });
    expect(demote.status).toBe(200);
    expect((await call('GET', '/auth/me', { token: before })).status).toBe(401); // claims a department no longer held

    const me = (await call('GET', '/auth/me', { token: admin })).body;
    const lastAdmin = await call('PATCH', `/staff/${me.id}`, { token: admin, body: { roles: ['editor'] } });
    expect(lastAdmin.status).toBe(409);
    expect((await call('PATCH', `/staff/${me.id}`, { token: admin, body: { active: false } })).status).toBe(
      409,
    );
  });

  it('records accounts as internal events that never reach the outbox', async () => {
    const admin = await tokenOf(adminEmail, adminPassword);
    const person = await createStaff(admin);
    await call('PATCH', `/staff/${person.id}`, { token: admin, body: { name: 'Renamed Person' } });
    const { events } = await handoff.runtime.eventStore.readStream(`staff-${person.id}`);
    expect(events.map((e) => e.type)).toEqual(['StaffAccountCreated', 'StaffProfileChanged']);
    const [{ n }] = await handoff.runtime.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox WHERE envelope->>'type' LIKE 'Staff%'`,
    );
    expect(n).toBe(0);
  });

  it('creates one admin when two replicas bootstrap at the same time', async () => {
    const email = 'second.admin@budva.local';
    const replicas = await Promise.all(
      [1, 2, 3].map(() =>
        startHandoff(
          loadConfig(handoffEnvSchema, env({ STAFF_ADMIN_EMAIL: email, STAFF_ADMIN_PASSWORD: undefined })),
        ),
      ),
    );
    started.push(...replicas);
    const rows = await handoff.runtime.dataSource.query(
      'SELECT id, roles FROM staff_accounts WHERE email = $1',
      [email],
    );
    expect(rows).toEqual([{ id: expect.any(String), roles: ['admin'] }]);
    const [{ n }] = await handoff.runtime.dataSource.query(
      `SELECT count(*)::int AS n FROM events WHERE type = 'StaffAccountCreated' AND data->>'email' = $1`,
      [email],
    );
    expect(n).toBe(1);

    // The same race inside one process, where every attempt passes the "exists?" check before any commits.
    const third = 'third.admin@budva.local';
    const password = () => ({ password: 'Treci-admin-2026', generated: false });
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => handoff.staff.bootstrapAdmin.execute({ email: third, password })),
    );
    expect(outcomes.sort()).toEqual(['created', 'exists', 'exists', 'exists', 'exists']);
    expect(
      await handoff.runtime.dataSource.query('SELECT roles FROM staff_accounts WHERE email = $1', [third]),
    ).toEqual([{ roles: ['admin'] }]);
  });

  it('refuses an admin password from the environment that breaks the password policy', async () => {
    const weak = env({ STAFF_ADMIN_EMAIL: 'weak.admin@budva.local', STAFF_ADMIN_PASSWORD: 'aaaaaaaaaaaa' });
    await expect(startHandoff(loadConfig(handoffEnvSchema, weak))).rejects.toThrow(
      /STAFF_ADMIN_PASSWORD: the password must mix/,
    );
  });

  it('refuses to start in production without a signing key and credentials', async () => {
    const production = { NODE_ENV: 'production', STAFF_ADMIN_EMAIL: 'prod.admin@budva.local' };
    const start = startHandoff(loadConfig(handoffEnvSchema, env(production)));
    await expect(start).rejects.toThrow(/STAFF_TOKEN_PRIVATE_KEY: required in production/);
    await expect(start).rejects.toThrow(/NATS_PASSWORD: required in production/);
    await expect(start).rejects.toThrow(/DATABASE_URL \(its password\)/);
  });

  it('documents the routes in OpenAPI', async () => {
    const doc = await call('GET', '/docs/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/auth/login',
        '/auth/logout',
        '/auth/jwks',
        '/auth/me',
        '/staff',
        '/staff/{id}',
        '/staff/{id}/password',
      ]),
    );
    expect(doc.body.paths['/auth/login'].post.responses['200']).toBeDefined();
  });
});
