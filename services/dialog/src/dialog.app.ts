import { StaffTokenVerifier } from '@citizen-desk/auth';
import { DialogConfig } from '@citizen-desk/config';
import { AnyEvent, CONTENT_KV_BUCKET, WELCOME_MESSAGE_KEY } from '@citizen-desk/contracts';
import { createHttpApp, finishedStreamsRule, listeningUrl, ServiceRuntime } from '@citizen-desk/service-kit';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ContentAdminController, contentAdminProviders } from './content-admin';
import { ContentVersionsRepository } from './content-store/content-versions.repository';
import { LiveContent, LiveContentSnapshot } from './content-store/live-content';
import {
  citizenOf,
  Conversations,
  ConversationService,
  DIALOG_CONSUMER,
  DIALOG_HANDOFF_CONSUMER,
} from './conversation/conversation.service';
import { mainMenu, uiText } from './conversation/reply-rendering';
import { dialogMigrations } from './migrations';
import { UnderstandController } from './understanding/understand.controller';
import { KV } from 'nats';
import { EntityManager } from 'typeorm';

export interface Dialog {
  runtime: ServiceRuntime;
  app: NestFastifyApplication;
  url: string;
  content: LiveContent;
  stop(): Promise<void>;
}

/** Conversations with citizens: menus, free-text understanding, and the content behind them. */
export async function startDialog(config: DialogConfig): Promise<Dialog> {
  const runtime = await ServiceRuntime.start({ service: 'dialog', config, migrations: dialogMigrations });
  // A conversation nobody wrote in for CONVERSATION_RETENTION_DAYS goes; the citizen starts afresh.
  runtime.retention.add(
    finishedStreamsRule('conversations', config.CONVERSATION_RETENTION_DAYS, 'conversation-'),
  );
  // Staff tokens: handoff's public keys and the revoked sessions, kept current from NATS KV.
  const staffTokens = await StaffTokenVerifier.open(runtime.messaging, runtime.logger);
  const kv = await runtime.messaging.kv(CONTENT_KV_BUCKET);
  const content = new LiveContent(new ContentVersionsRepository(runtime.dataSource), kv, runtime.logger);
  await content.start();
  await publishWelcome(kv, content.current());
  content.onChange(
    (snapshot) =>
      void publishWelcome(kv, snapshot).catch((e) =>
        runtime.logger.warn({ err: e }, 'welcome not published'),
      ),
  );

  const conversations = new ConversationService(runtime, content);
  const load = (events: AnyEvent[], manager: EntityManager) => conversations.load(events, manager);
  // Keyed by citizen: one citizen's messages are handled, and answered, in the order sent.
  const keyOf = (event: AnyEvent) => citizenOf(event) ?? event.streamId;
  const consumers = [
    await runtime.consumeEvents<Conversations>({
      durable: DIALOG_CONSUMER,
      subjects: 'citizen.>',
      batchSize: config.DIALOG_CONCURRENCY,
      keyOf,
      prepare: load,
      on: { CitizenMessageReceived: (event, scope) => conversations.onCitizenMessage(event, scope) },
    }),
    await runtime.consumeEvents<Conversations>({
      durable: DIALOG_HANDOFF_CONSUMER,
      subjects: 'handoff.session-ended',
      keyOf,
      prepare: load,
      on: { HandoffSessionEnded: (event, scope) => conversations.onHandoffEnded(event, scope) },
    }),
  ];

  const app = await createHttpApp({
    runtime,
    controllers: [UnderstandController, ContentAdminController],
    providers: [
      { provide: LiveContent, useValue: content },
      ...contentAdminProviders(runtime, content, staffTokens),
    ],
    port: config.DIALOG_PORT,
    host: config.HOST,
    openApi: {
      title: 'Citizen Desk dialog',
      description: 'Conversations with citizens and the content behind them',
    },
  });
  return {
    runtime,
    app,
    url: listeningUrl(app, config.DIALOG_PORT),
    content,
    async stop() {
      await app.close();
      await Promise.allSettled(consumers.map((c) => c.stop()));
      await content.stop();
      staffTokens.stop();
      await runtime.stop();
    },
  };
}

/** The gateway answers `conversation_started` with this message, taken from the content in use. */
async function publishWelcome(kv: KV, { content }: LiveContentSnapshot): Promise<void> {
  const language = content.defaultLanguage;
  await kv.put(
    WELCOME_MESSAGE_KEY,
    JSON.stringify(mainMenu(content, language, uiText(content, 'greeting', language))),
  );
}
