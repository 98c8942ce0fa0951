import { Logger } from '@citizen-desk/observability';
import { ViberApiClient } from '@citizen-desk/viber';

export const WEBHOOK_EVENT_TYPES = [
  'delivered',
  'seen',
  'failed',
  'subscribed',
  'unsubscribed',
  'conversation_started',
];

/** Registers our public webhook URL with Viber; retried a few times because Viber calls us back during it. */
export async function registerWebhook(
  client: ViberApiClient,
  url: string,
  logger: Logger,
  attempts = 5,
): Promise<boolean> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const result = await client.setWebhook(url, WEBHOOK_EVENT_TYPES);
      if (result.outcome === 'ok') {
        logger.info({ url }, 'Viber webhook registered');
        return true;
      }
      logger.warn({ url, result, attempt }, 'Viber refused set_webhook');
      if (result.outcome === 'permanent') return false;
    } catch (e) {
      logger.warn({ err: e, attempt }, 'set_webhook failed');
    }
    await new Promise((r) => setTimeout(r, 1000 * attempt));
  }
  return false;
}
