import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  analyticsEnvSchema,
  broadcastEnvSchema,
  dialogEnvSchema,
  gatewayEnvSchema,
  handoffEnvSchema,
  loadConfig,
} from '@citizen-desk/config';
import { serviceTestEnv, testNamespace } from '@citizen-desk/testing';
import { startAnalytics } from '../../services/analytics/src/analytics.app';
import { startBroadcast } from '../../services/broadcast/src/broadcast.app';
import { startDialog } from '../../services/dialog/src/dialog.app';
import { startGateway } from '../../services/gateway/src/gateway.app';
import { startHandoff } from '../../services/handoff/src/handoff.app';

/** No service starts in production with a missing, short or public secret; each names what is wrong. */
const strong = () => randomBytes(32).toString('hex');
const production = (overrides: Record<string, string | undefined> = {}) =>
  serviceTestEnv(testNamespace(), {
    NODE_ENV: 'production',
    DATABASE_URL: `postgres://citizen_desk:${strong()}@127.0.0.1:1/citizen_desk`,
    NATS_USER: 'citizen_desk',
    // The NATS server's config reads it unquoted: a letter first (see libs/config).
    NATS_PASSWORD: `n${strong()}`,
    VIBER_AUTH_TOKEN: strong(),
    STAFF_TOKEN_PRIVATE_KEY: generateKeyPairSync('ed25519')
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString(),
    STAFF_ADMIN_PASSWORD: 'Budva-Opstina-2026',
    ...overrides,
  });

describe('a production start', () => {
  it('is refused for the gateway without VIBER_AUTH_TOKEN (the simulator token is public)', async () => {
    await expect(
      startGateway(loadConfig(gatewayEnvSchema, production({ VIBER_AUTH_TOKEN: undefined }))),
    ).rejects.toThrow(/VIBER_AUTH_TOKEN: required in production/);
    await expect(
      startGateway(
        loadConfig(gatewayEnvSchema, production({ VIBER_AUTH_TOKEN: 'local-simulator-token-not-a-secret' })),
      ),
    ).rejects.toThrow(/VIBER_AUTH_TOKEN: is a value written in the repository/);
  });

  it('is refused for handoff without a signing key, and for a short one', async () => {
    await expect(
      startHandoff(loadConfig(handoffEnvSchema, production({ STAFF_TOKEN_PRIVATE_KEY: undefined }))),
    ).rejects.toThrow(/STAFF_TOKEN_PRIVATE_KEY: required in production/);
    await expect(
      startHandoff(loadConfig(handoffEnvSchema, production({ STAFF_TOKEN_PRIVATE_KEY: 'REPLACE_ME' }))),
    ).rejects.toThrow(/STAFF_TOKEN_PRIVATE_KEY: not an Ed25519 private key/);
  });

  it('is refused for every service with the repository’s database password or without broker credentials', async () => {
    const weak = production({
      DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1:1/citizen_desk',
      NATS_PASSWORD: undefined,
    });
    for (const start of [
      () => startGateway(loadConfig(gatewayEnvSchema, weak)),
      () => startDialog(loadConfig(dialogEnvSchema, weak)),
      () => startHandoff(loadConfig(handoffEnvSchema, weak)),
      () => startBroadcast(loadConfig(broadcastEnvSchema, weak)),
      () => startAnalytics(loadConfig(analyticsEnvSchema, weak)),
    ]) {
      const refused = start();
      await expect(refused).rejects.toThrow(
        /DATABASE_URL \(its password\): is a value written in the repository/,
      );
      await expect(refused).rejects.toThrow(/NATS_PASSWORD: required in production/);
    }
  });
});
