import {
  assertProductionSecrets,
  commonEnvSchema,
  ConfigError,
  DEV_STAFF_TOKEN_SECRET,
  handoffEnvSchema,
  loadConfig,
} from '@citizen-desk/config';
import { passwordProblems } from '@citizen-desk/auth';
import { adminBootstrapPassword, generateAdminPassword } from './admin-bootstrap';

describe('adminBootstrapPassword', () => {
  it('uses the configured password', () => {
    expect(adminBootstrapPassword({ NODE_ENV: 'production', STAFF_ADMIN_PASSWORD: 'Configured-1' })).toEqual({
      password: 'Configured-1',
      generated: false,
    });
  });
  it('generates one in development', () => {
    expect(adminBootstrapPassword({ NODE_ENV: 'development' }, () => 'Random-123')).toEqual({
      password: 'Random-123',
      generated: true,
    });
  });
  it('refuses to make one up in production', () => {
    expect(() => adminBootstrapPassword({ NODE_ENV: 'production' })).toThrow(
      /STAFF_ADMIN_PASSWORD: required in production/,
    );
  });
  it('generates passwords the policy accepts, different each time', () => {
    const a = generateAdminPassword();
    expect(passwordProblems(a)).toEqual([]);
    expect(generateAdminPassword()).not.toBe(a);
  });
});

describe('staff settings in the environment', () => {
  it('default to a development secret, an 8-hour token and admin@budva.local', () => {
    const config = loadConfig(handoffEnvSchema, {});
    expect(config).toMatchObject({
      STAFF_TOKEN_SECRET: DEV_STAFF_TOKEN_SECRET,
      STAFF_TOKEN_TTL_SECONDS: 28800,
      STAFF_ADMIN_EMAIL: 'admin@budva.local',
    });
    expect(config.STAFF_ADMIN_PASSWORD).toBeUndefined();
  });
  it('normalise the admin email and refuse a short secret', () => {
    expect(loadConfig(handoffEnvSchema, { STAFF_ADMIN_EMAIL: ' Boss@Budva.ME ' }).STAFF_ADMIN_EMAIL).toBe(
      'boss@budva.me',
    );
    expect(() => loadConfig(commonEnvSchema, { STAFF_TOKEN_SECRET: 'short' })).toThrow(/STAFF_TOKEN_SECRET/);
  });
  it('refuse the development secret in production only', () => {
    expect(() => assertProductionSecrets(loadConfig(commonEnvSchema, { NODE_ENV: 'production' }))).toThrow(
      ConfigError,
    );
    expect(() =>
      assertProductionSecrets(loadConfig(commonEnvSchema, { NODE_ENV: 'development' })),
    ).not.toThrow();
    const secret = 'x'.repeat(40);
    expect(() =>
      assertProductionSecrets(
        loadConfig(commonEnvSchema, { NODE_ENV: 'production', STAFF_TOKEN_SECRET: secret }),
      ),
    ).not.toThrow();
  });
});
