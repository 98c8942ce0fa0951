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
      const parsed = outgoingMessageSchema.safeParse(entry.json());
      if (parsed.success) this.latest = parsed.data;
      else this.logger.warn({ issues: parsed.error.issues }, 'ignoring an invalid welcome message');
    }
  }

  current(): OutgoingMessage {
    return this.latest;
  }

  async stop(): Promise<void> {
    this.watcher?.stop();
  }
}
