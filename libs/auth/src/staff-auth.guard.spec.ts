import 'reflect-metadata';
import { Controller, Get, Module, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { createPublicKey } from 'node:crypto';
import {
  AllowedBeforePasswordChange,
  bearerTokenOf,
  CurrentStaff,
  Roles,
  StaffAuthGuard,
  staffAuthProviders,
  StaffTokenVerification,
} from './staff-auth.guard';
import { generateStaffSigningKey } from './staff-keys';
import { StaffClaims } from './staff-role';
import { InvalidStaffToken, issueStaffToken, StaffSigningKey, verifyStaffToken } from './staff-token';

let key: StaffSigningKey;
let otherKey: StaffSigningKey;
const revoked = new Set<string>();
/** The guard's verification without NATS: one known key and a set of revoked sessions. */
const verifier: StaffTokenVerification = {
  async verify(token) {
    const verified = await verifyStaffToken(token, (kid) =>
      kid === key.kid ? createPublicKey(key.privateKey as never) : undefined,
    );
    if (revoked.has(verified.sid)) throw new InvalidStaffToken('revoked');
    return verified;
  },
  isRevoked: (t) => revoked.has(t.sid),
  onRevocation: () => () => undefined,
};

@UseGuards(StaffAuthGuard)
@Roles('editor')
@Controller('things')
class ThingsController {
  @Get()
  list(@CurrentStaff() staff: StaffClaims) {
    return { by: staff.sub };
  }

  @Get('mine')
  @Roles()
  mine(@CurrentStaff() staff: StaffClaims) {
    return { departments: staff.departments };
  }

  @Get('password')
  @Roles()
  @AllowedBeforePasswordChange()
  password(@CurrentStaff() staff: StaffClaims) {
    return { pending: !!staff.mustChangePassword };
  }

  @Get('audit')
  @Roles('supervisor', 'official')
  audit() {
    return { ok: true };
  }
}

@Module({ controllers: [ThingsController], providers: staffAuthProviders(verifier) })
class TestModule {}

let app: NestFastifyApplication;
beforeAll(async () => {
  key = await generateStaffSigningKey();
  otherKey = await generateStaffSigningKey();
  app = await NestFactory.create<NestFastifyApplication>(TestModule, new FastifyAdapter(), { logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
});
afterAll(() => app.close());

const tokenFor = (claims: Partial<StaffClaims>, signingKey = key, sid?: string) =>
  issueStaffToken(
    { sub: 's1', email: 's1@budva.me', name: 'S', roles: [], departments: ['tax'], ...claims },
    signingKey,
    60,
    new Date(),
    sid,
  );

async function get(url: string, token?: string) {
  const res = await app.inject({
    method: 'GET',
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.statusCode, body: res.json() };
}

describe('StaffAuthGuard', () => {
  it('answers 401 with a JSON error when there is no token', async () => {
    const res = await get('/things');
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/bearer token is required/);
  });

  it('answers 401 for a token signed with another key', async () => {
    const res = await get('/things', await tokenFor({ roles: ['editor'] }, otherKey));
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/invalid, expired or revoked/);
  });

  it('answers 401 for a revoked session', async () => {
    const token = await tokenFor({ roles: ['editor'] }, key, 'session-to-revoke');
    expect((await get('/things', token)).status).toBe(200);
    revoked.add('session-to-revoke');
    expect((await get('/things', token)).status).toBe(401);
  });

  it('answers 403 when the role is missing, and lets the role through', async () => {
    expect((await get('/things', await tokenFor({ roles: ['operator'] }))).status).toBe(403);
    expect(await get('/things', await tokenFor({ roles: ['editor'] }))).toEqual({
      status: 200,
      body: { by: 's1' },
    });
  });

  it('lets an admin through any role check', async () => {
    expect((await get('/things/audit', await tokenFor({ roles: ['admin'] }))).status).toBe(200);
  });

  it('accepts any one of several roles on a method, overriding the controller', async () => {
    expect((await get('/things/audit', await tokenFor({ roles: ['official'] }))).status).toBe(200);
    expect((await get('/things/audit', await tokenFor({ roles: ['editor'] }))).status).toBe(403);
  });

  it('refuses a token that must change its password everywhere but the routes that allow it', async () => {
    const pending = await tokenFor({ roles: ['admin'], mustChangePassword: true });
    for (const path of ['/things', '/things/mine', '/things/audit']) {
      const res = await get(path, pending);
      expect([path, res.status]).toEqual([path, 403]);
      expect(res.body.message).toMatch(/choose your own password first/);
    }
    expect(await get('/things/password', pending)).toEqual({ status: 200, body: { pending: true } });
    const changed = await tokenFor({ roles: ['editor'], mustChangePassword: false });
    expect((await get('/things', changed)).status).toBe(200);
  });

  it('lets any signed-in staff member through an empty @Roles()', async () => {
    expect(await get('/things/mine', await tokenFor({ roles: [] }))).toEqual({
      status: 200,
      body: { departments: ['tax'] },
    });
    expect((await get('/things/mine')).status).toBe(401);
  });
});

describe('bearerTokenOf', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc', 'abc'],
    ['Basic dXNlcjpwYXNz', undefined],
    ['Bearer', undefined],
    ['Bearer a b', undefined],
    [undefined, undefined],
  ])('%s -> %s', (header, token) => {
    expect(bearerTokenOf(header)).toBe(token);
  });
});
