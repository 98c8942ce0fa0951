import 'reflect-metadata';
import { Controller, Get, Module, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { bearerTokenOf, CurrentStaff, Roles, StaffAuthGuard, staffAuthProviders } from './staff-auth.guard';
import { StaffClaims } from './staff-role';
import { issueStaffToken } from './staff-token';

const secret = 'guard-test-secret-that-is-long-enough';

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

  @Get('audit')
  @Roles('supervisor', 'official')
  audit() {
    return { ok: true };
  }
}

@Module({ controllers: [ThingsController], providers: staffAuthProviders(secret) })
class TestModule {}

let app: NestFastifyApplication;
beforeAll(async () => {
  app = await NestFactory.create<NestFastifyApplication>(TestModule, new FastifyAdapter(), { logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
});
afterAll(() => app.close());

const tokenFor = (claims: Partial<StaffClaims>, key = secret) =>
  issueStaffToken(
    { sub: 's1', email: 's1@budva.me', name: 'S', roles: [], departments: ['tax'], ...claims },
    key,
    60,
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
    const res = await get(
      '/things',
      await tokenFor({ roles: ['editor'] }, 'some-other-secret-that-is-long-enough'),
    );
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/invalid or expired/);
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
