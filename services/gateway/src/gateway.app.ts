import { ConfigError, GatewayConfig, LOCAL_SIMULATOR_TOKEN } from '@citizen-desk/config';
import { createHttpApp, finishedStreamsRule, listeningUrl, ServiceRuntime } from '@citizen-desk/service-kit';
import { PipelinedPublisher } from '@citizen-desk/messaging';
import { VIBER_BROADCAST_LIMIT, ViberApiClient } from '@citizen-desk/viber';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { gatewayMigrations } from './migrations';
import { farewellsRule } from './sender/farewells-rule';
import { RateBudget } from './sender/rate-budget';
import { RateBudgetRepository } from './sender/rate-budget.repository';
import { sendIntentsRule } from './sender/send-intents.repository';
import { ViberSender, ViberSenderOptions } from './sender/viber-sender';
import { registerWebhookRoute } from './webhook/webhook.route';
import { WebhookService } from './webhook/webhook.service';
import { WelcomeMessageRepository } from './webhook/welcome-message.repository';
import { registerWebhook } from './webhook/webhook-registration';

export interface Gateway {
  runtime: ServiceRuntime;
  app: NestFastifyApplication;
  url: string;
  stop(): Promise<void>;
}

/**
 * The only service that knows Viber: turns signed callbacks into durable channel-neutral events,
 * and is the one sender of every outgoing call, under a rate budget shared by all replicas.
 */
export async function startGateway(
  config: GatewayConfig,
  /** Tests only: a fault injected in the send window (see ViberSenderOptions.afterViberCall). */
  faults: Pick<ViberSenderOptions, 'afterViberCall'> = {},
): Promise<Gateway> {
  // The simulator's token is public: in production it would let anyone sign callbacks.
  if (config.NODE_ENV === 'production' && !config.VIBER_AUTH_TOKEN)
    throw new ConfigError(['VIBER_AUTH_TOKEN: required in production']);
  const runtime = await ServiceRuntime.start({ service: 'gateway', config, migrations: gatewayMigrations });
  // The outcome of each message sent (one `outbound-<id>` stream each), once past its retention.
  runtime.retention.add(
    finishedStreamsRule('sent-messages', config.SENT_MESSAGE_RETENTION_DAYS, 'outbound-'),
  );
  runtime.retention.add(sendIntentsRule(config.NATS_STREAM_MAX_AGE_DAYS));
  runtime.retention.add(farewellsRule(runtime.citizenKeys));
  const authToken = config.VIBER_AUTH_TOKEN ?? LOCAL_SIMULATOR_TOKEN;
  if (!config.VIBER_AUTH_TOKEN) {
    runtime.logger.warn(
      { apiUrl: config.VIBER_API_URL },
      'VIBER_AUTH_TOKEN is not set: using the local simulator token',
    );
  }
  const client = new ViberApiClient({
    baseUrl: config.VIBER_API_URL,
    authToken,
    timeoutMs: config.VIBER_REQUEST_TIMEOUT_MS,
  });
  const welcome = await WelcomeMessageRepository.open(runtime.messaging, runtime.logger);
  const publisher = new PipelinedPublisher(runtime.messaging);
  // Inbound events carry the citizen's name, words, phone and place: sealed with their key before
  // JetStream stores them (the webhook answers only once they are durable, sealed).
  const sealingPublisher: Pick<PipelinedPublisher, 'publish'> = {
    publish: async (envelope) => publisher.publish((await runtime.cipher.seal([envelope]))[0]),
  };
  const webhook = new WebhookService(
    sealingPublisher,
    runtime.logger,
    authToken,
    welcome,
    {
      sender: { name: config.VIBER_SENDER_NAME, avatar: config.VIBER_SENDER_AVATAR },
      minApiVersion: config.VIBER_MIN_API_VERSION,
    },
    runtime.citizenKeys,
    config.VIBER_CALLBACK_MAX_AGE_SECONDS * 1000,
  );

  const budgets = new RateBudgetRepository(runtime.dataSource);
  const sender = new ViberSender(runtime, client, {
    sendBudget: new RateBudget(budgets, 'viber-send', config.VIBER_RATE_LIMIT_PER_SECOND),
    broadcastBudget: new RateBudget(
      budgets,
      'viber-broadcast',
      config.VIBER_BROADCAST_RATE_PER_SECOND,
      undefined,
      undefined,
      { calls: config.VIBER_BROADCAST_PER_10_SECONDS, seconds: VIBER_BROADCAST_LIMIT.seconds },
    ),
    retryBaseMs: config.VIBER_RETRY_BASE_MS,
    retryMaxMs: config.VIBER_RETRY_MAX_MS,
    maxInFlight: config.SENDER_MAX_IN_FLIGHT,
    requestTimeoutMs: config.VIBER_REQUEST_TIMEOUT_MS,
    ...faults,
    sender: { name: config.VIBER_SENDER_NAME, avatar: config.VIBER_SENDER_AVATAR },
    minApiVersion: config.VIBER_MIN_API_VERSION,
  });

  let app: NestFastifyApplication;
  try {
    await sender.start();
    app = await createHttpApp({
      runtime,
      controllers: [],
      port: config.GATEWAY_PORT,
      host: config.HOST,
      bodyLimit: config.WEBHOOK_BODY_LIMIT_BYTES,
      configureFastify: (nest) =>
        registerWebhookRoute(nest.getHttpAdapter().getInstance(), webhook, config.WEBHOOK_BODY_LIMIT_BYTES),
      openApi: { title: 'Citizen Desk gateway', description: 'Viber webhook and channel health' },
    });
  } catch (e) {
    await sender.stop().catch(() => undefined);
    await client.close();
    await publisher.close();
    await welcome.stop();
    await runtime.stop();
    throw e;
  }
  const url = listeningUrl(app, config.GATEWAY_PORT);
  runtime.logger.info({ url: `${url}/viber/webhook` }, 'gateway listening');

  if (config.VIBER_WEBHOOK_URL) {
    // Not awaited: Viber calls the webhook back during set_webhook, which must already be served.
    void registerWebhook(client, config.VIBER_WEBHOOK_URL, runtime.logger);
  }

  return {
    runtime,
    app,
    url,
    async stop() {
      // In-flight callbacks finish (and get their acknowledgements) before the publisher closes.
      await app.close();
      await publisher.close();
      await sender.stop();
      await client.close();
      await welcome.stop();
      await runtime.stop();
    },
  };
}
