import { staffAuthProviders, StaffTokenVerifier } from '@citizen-desk/auth';
import { BroadcastConfig } from '@citizen-desk/config';
import { RunningBatchConsumer } from '@citizen-desk/messaging';
import { createHttpApp, listeningUrl, ServiceRuntime } from '@citizen-desk/service-kit';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { checkTimeZone } from './campaigns/local-time';
import { CampaignService } from './campaigns/campaign.service';
import { CampaignsController } from './campaigns/campaigns.controller';
import { CampaignsRepository } from './campaigns/campaigns.repository';
import { campaignProviders, CampaignUseCases, campaignUseCases } from './campaigns/campaigns.setup';
import { consumeStaffDeactivations, consumeStaffViberLinks } from './campaigns/staff-viber-link.consumer';
import { StaffViberLinks } from './campaigns/staff-viber-links';
import { DeliveryRepository } from './delivery/delivery.repository';
import { DeliveryTracking } from './delivery/delivery-tracking';
import { CampaignFanout } from './fanout/campaign-fanout';
import { Clock, systemClock } from './clock';
import { broadcastMigrations } from './migrations';
import { SubscribersProjection } from './subscribers/subscribers.projection';
import {
  campaignRecipientsRule,
  unmatchedReceiptsRule,
  unsubscribedSubscribersRule,
} from './retention/broadcast-retention';
import { SubscribersRepository } from './subscribers/subscribers.repository';

export interface Broadcast {
  runtime: ServiceRuntime;
  app: NestFastifyApplication;
  url: string;
  fanout: CampaignFanout;
  /** The campaign use cases (tests may drive them without HTTP). */
  campaigns: CampaignUseCases;
  stop(): Promise<void>;
}

/** Subscribers, audiences and campaigns: the staff API, the fan-out and the delivery tracking. */
export async function startBroadcast(
  config: BroadcastConfig,
  options: { clock?: Clock } = {},
): Promise<Broadcast> {
  // Every part of broadcast reads the wall clock only through this, so tests can fix it.
  const now = options.clock ?? systemClock;
  checkTimeZone(config.BROADCAST_TIME_ZONE);
  const runtime = await ServiceRuntime.start({
    service: 'broadcast',
    config,
    migrations: broadcastMigrations,
  });
  const subscribers = new SubscribersRepository(runtime.dataSource);
  const campaigns = new CampaignsRepository(runtime.dataSource);
  const delivery = new DeliveryRepository(runtime.dataSource);
  runtime.retention.add(campaignRecipientsRule(config.CAMPAIGN_RECIPIENT_RETENTION_DAYS, delivery));
  runtime.retention.add(unmatchedReceiptsRule());
  runtime.retention.add(unsubscribedSubscribersRule(config.UNSUBSCRIBED_SUBSCRIBER_RETENTION_DAYS));
  const service = new CampaignService(runtime, campaigns, delivery);
  const links = new StaffViberLinks(runtime.dataSource);
  let linking: RunningBatchConsumer | undefined;
  let unlinking: RunningBatchConsumer | undefined;
  const usecases = campaignUseCases(
    runtime,
    { service, campaigns, subscribers, delivery, links },
    { now, timeZone: config.BROADCAST_TIME_ZONE },
  );
  const fanout = new CampaignFanout(runtime, campaigns, service, subscribers, delivery, {
    now,
    batchSize: config.BROADCAST_BATCH_SIZE,
    maxBatchesInFlight: config.BROADCAST_MAX_BATCHES_IN_FLIGHT,
    pollMs: config.BROADCAST_POLL_MS,
    batchesPerTransaction: config.BROADCAST_BATCHES_PER_TRANSACTION,
    recovery: {
      reissueAfterMs: config.BROADCAST_BATCH_REISSUE_AFTER_SECONDS * 1000,
      maxReissues: config.BROADCAST_BATCH_MAX_REISSUES,
      rateLimitedRetries: config.BROADCAST_RATE_LIMITED_RETRIES,
      retryBaseMs: config.BROADCAST_RETRY_BASE_MS,
      uncertainWaitMs: config.BROADCAST_UNCERTAIN_WAIT_SECONDS * 1000,
    },
  });
  const projection = new SubscribersProjection(runtime, subscribers, config.BROADCAST_CONCURRENCY);
  const tracking = new DeliveryTracking(
    runtime,
    delivery,
    service,
    () => fanout.notify(),
    config.BROADCAST_CONCURRENCY,
    now,
  );

  let app: NestFastifyApplication;
  let staffTokens: StaffTokenVerifier | undefined;
  try {
    staffTokens = await StaffTokenVerifier.open(runtime.messaging, runtime.logger);
    await projection.start();
    await tracking.start();
    linking = await consumeStaffViberLinks(runtime, links);
    unlinking = await consumeStaffDeactivations(runtime, links);
    fanout.start();
    app = await createHttpApp({
      runtime,
      controllers: [CampaignsController],
      providers: [...staffAuthProviders(staffTokens), ...campaignProviders(usecases)],
      port: config.BROADCAST_PORT,
      host: config.HOST,
      openApi: {
        title: 'Citizen Desk broadcast',
        description: 'Subscribers, audiences, campaigns and their delivery',
      },
    });
  } catch (e) {
    staffTokens?.stop();
    await fanout.stop();
    await Promise.allSettled([projection.stop(), tracking.stop(), linking?.stop(), unlinking?.stop()]);
    await runtime.stop();
    throw e;
  }
  const url = listeningUrl(app, config.BROADCAST_PORT);
  return {
    runtime,
    app,
    url,
    fanout,
    campaigns: usecases,
    async stop() {
      await app.close();
      await fanout.stop();
      await Promise.allSettled([projection.stop(), tracking.stop(), linking?.stop(), unlinking?.stop()]);
      staffTokens?.stop();
      await runtime.stop();
    },
  };
}
