import {
  CONTENT_KV_BUCKET,
  OutgoingMessage,
  outgoingMessageSchema,
  WELCOME_MESSAGE_KEY,
} from '@citizen-desk/contracts';
import { Messaging } from '@citizen-desk/messaging';
import { Logger } from '@citizen-desk/observability';
import { KV, QueuedIterator, KvEntry } from 'nats';
import fallbackWelcome from './fallback-welcome.json';

/**
 * The welcome shown on `conversation_started` belongs to the dialog's content, but Viber wants it
 * in the webhook's HTTP answer. The dialog publishes it to a JetStream KV bucket; the gateway keeps
 * the latest value in memory via a watch, so answering costs no round trip.
 */
export class WelcomeMessageRepository {
  private latest: OutgoingMessage = fallbackWelcome as OutgoingMessage;
  private watcher?: QueuedIterator<KvEntry>;

  private constructor(private readonly logger: Logger) {}

  static async open(messaging: Messaging, logger: Logger): Promise<WelcomeMessageRepository> {
    const repo = new WelcomeMessageRepository(logger);
    const kv: KV = await messaging.kv(CONTENT_KV_BUCKET);
    repo.watcher = await kv.watch({ key: WELCOME_MESSAGE_KEY });
    void repo.follow();
    return repo;
  }

  private async follow(): Promise<void> {
    for await (const entry of this.watcher!) {
      if (entry.operation !== 'PUT') continue;
      const parsed = parseWelcome(entry.string());
      if (parsed.ok) this.latest = parsed.message;
      // Content from the broker must never stop the watch (nor the gateway): keep the welcome in use.
      else this.logger.warn({ reason: parsed.reason }, 'ignoring an invalid welcome message');
    }
  }

  current(): OutgoingMessage {
    return this.latest;
  }

  async stop(): Promise<void> {
    this.watcher?.stop();
  }
}

/** A welcome message from the KV bucket's raw value; anything but a valid OutgoingMessage as JSON is refused. */
export function parseWelcome(
  raw: string,
): { ok: true; message: OutgoingMessage } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = outgoingMessageSchema.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    };
  return { ok: true, message: parsed.data };
}
