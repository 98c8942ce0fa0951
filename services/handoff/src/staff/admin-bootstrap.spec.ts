import {
  assertProductionSecrets,
  commonEnvSchema,
  ConfigError,
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
  it('default to no signing key (one is made at start outside production), an 8-hour token and admin@budva.local', () => {
    const config = loadConfig(handoffEnvSchema, {});
    expect(config).toMatchObject({ STAFF_TOKEN_TTL_SECONDS: 28800, STAFF_ADMIN_EMAIL: 'admin@budva.local' });
    expect(config.STAFF_TOKEN_PRIVATE_KEY).toBeUndefined();
    expect(config.STAFF_ADMIN_PASSWORD).toBeUndefined();
    expect(config).not.toHaveProperty('STAFF_TOKEN_SECRET');
  });
  it('normalise the admin email', () => {
    expect(loadConfig(handoffEnvSchema, { STAFF_ADMIN_EMAIL: ' Boss@Budva.ME ' }).STAFF_ADMIN_EMAIL).toBe(
      'boss@budva.me',
    );
  });
  it('refuse a production start without a signing key, and allow one outside production', () => {
    expect(() =>
      assertProductionSecrets('handoff', loadConfig(commonEnvSchema, { NODE_ENV: 'production' })),
    ).toThrow(ConfigError);
    expect(() =>
      assertProductionSecrets('handoff', loadConfig(handoffEnvSchema, { NODE_ENV: 'development' })),
    ).not.toThrow();
  });
});
