import { analyticsEnvSchema, dialogEnvSchema, gatewayEnvSchema, loadConfig } from '@citizen-desk/config';
import { cleanupNamespace, serviceTestEnv, testNamespace } from '@citizen-desk/testing';
import { FakeViberApi } from '@citizen-desk/viber-simulator';
import { startAnalytics } from '../../services/analytics/src/analytics.app';
import { startDialog } from '../../services/dialog/src/dialog.app';
import { startGateway } from '../../services/gateway/src/gateway.app';

export const VIBER_TOKEN = 'e2e-test-token';

/** The platform as a citizen meets it: gateway, dialog and analytics against a fake Viber API. */
export async function startPlatform(overrides: Record<string, string> = {}) {
  const namespace = testNamespace();
  const viber = new FakeViberApi({ authToken: VIBER_TOKEN });
  await viber.start();
  const env = serviceTestEnv(namespace, {
    VIBER_AUTH_TOKEN: VIBER_TOKEN,
    VIBER_API_URL: viber.url,
    VIBER_RETRY_BASE_MS: '20',
    VIBER_MAX_ATTEMPTS: '4',
    VIBER_REQUEST_TIMEOUT_MS: '2000',
    ...overrides,
  });
  const gateway = await startGateway(loadConfig(gatewayEnvSchema, env));
  const dialog = await startDialog(loadConfig(dialogEnvSchema, env));
  const analytics = await startAnalytics(loadConfig(analyticsEnvSchema, env));
  return {
    namespace,
    viber,
    gateway,
    dialog,
    analytics,
    webhookUrl: `${gateway.url}/viber/webhook`,
    async stop() {
      await Promise.allSettled([gateway.stop(), dialog.stop(), analytics.stop()]);
      await viber.stop();
      await cleanupNamespace(namespace);
    },
  };
}
