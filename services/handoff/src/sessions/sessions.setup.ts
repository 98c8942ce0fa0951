import { HandoffConfig } from '@citizen-desk/config';
import {
  CitizenForgetRequested,
  CitizenMessageReceived,
  Envelope,
  HandoffRequested,
  SendMessageToCitizen,
} from '@citizen-desk/contracts';
import { RunningConsumer } from '@citizen-desk/messaging';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { Provider, Type } from '@nestjs/common';
import { loadOfficeHours } from '../office-hours/load-office-hours';
import { StaffAccountsRepository } from '../staff/staff-accounts.repository';
import { ConsoleController } from '../console/console.controller';
import { LiveFeed } from './live-feed';
import { QueryTokenGuard, SessionsController, SessionStreamController } from './sessions.controller';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';

export interface Sessions {
  service: SessionsService;
  feed: LiveFeed;
  controllers: Type<unknown>[];
  providers: Provider[];
  /** Starts the consumers and the sweeper; call once the HTTP app is up. */
  start(): Promise<void>;
  /** Stops the sweeper and ends live streams (before the HTTP app closes). */
  stop(): Promise<void>;
}

/**
 * Handoff sessions: four durable consumers (one filter subject each: NATS 2.9), the live feed for
 * browsers, a periodic sweeper for time-outs and auto-assignment, the operator API and the console.
 */
export function setUpSessions(
  runtime: ServiceRuntime,
  config: HandoffConfig,
  staff: StaffAccountsRepository,
): Sessions {
  const repo = new SessionsRepository(runtime.dataSource);
  const service = new SessionsService(runtime.dataSource, runtime.eventStore, repo, staff, {
    officeHours: loadOfficeHours({
      json: config.HANDOFF_OFFICE_HOURS,
      file: config.HANDOFF_OFFICE_HOURS_FILE,
    }),
    maxSessionsPerOperator: config.HANDOFF_MAX_SESSIONS_PER_OPERATOR,
    maxWaitMinutes: config.HANDOFF_MAX_WAIT_MINUTES,
    leftMessageMaxHours: config.HANDOFF_LEFT_MESSAGE_MAX_HOURS,
    idleMinutes: config.HANDOFF_IDLE_MINUTES,
    averageHandlingMinutes: config.HANDOFF_AVERAGE_HANDLING_MINUTES,
    historyLimit: config.HANDOFF_HISTORY_LIMIT,
    historyRetentionDays: config.HANDOFF_HISTORY_RETENTION_DAYS,
    ratingWindowHours: config.HANDOFF_RATING_WINDOW_HOURS,
    logger: runtime.logger,
  });
  const feed = new LiveFeed(runtime.messaging.nc, config.NATS_NAMESPACE, runtime.logger);
  const consumers: RunningConsumer[] = [];
  let sweeper: NodeJS.Timeout | null = null;
  let sweeping: Promise<unknown> | null = null;

  return {
    service,
    feed,
    controllers: [SessionsController, SessionStreamController, ConsoleController],
    providers: [
      { provide: SessionsService, useValue: service },
      { provide: SessionsRepository, useValue: repo },
      { provide: LiveFeed, useValue: feed },
      QueryTokenGuard,
    ],
    async start() {
      feed.start();
      consumers.push(
        await runtime.consume({
          durable: 'handoff-requests',
          subjects: 'dialog.handoff-requested',
          handler: (e) => service.onHandoffRequested(e as Envelope<HandoffRequested>),
        }),
        await runtime.consume({
          durable: 'handoff-citizen-messages',
          subjects: 'citizen.message-received',
          // Per-citizen order matters little here (each message is its own event in the session).
          handler: (e) => service.onCitizenMessage(e as Envelope<CitizenMessageReceived>),
        }),
        await runtime.consume({
          durable: 'handoff-bot-replies',
          subjects: 'outbound.send-message',
          handler: (e) => service.onMessageToCitizen(e as Envelope<SendMessageToCitizen>),
        }),
        await runtime.consume({
          durable: 'handoff-forget',
          subjects: 'dialog.citizen-forget-requested',
          handler: (e) => service.onCitizenForgotten((e as Envelope<CitizenForgetRequested>).data.citizenId),
        }),
      );
      sweeper = setInterval(() => {
        if (sweeping) return;
        sweeping = service
          .sweep()
          .catch((e) => runtime.logger.warn({ err: e }, 'handoff sweep failed'))
          .finally(() => (sweeping = null));
      }, config.HANDOFF_SWEEP_INTERVAL_MS);
      sweeper.unref();
    },
    async stop() {
      if (sweeper) clearInterval(sweeper);
      await sweeping;
      feed.stop();
      await Promise.allSettled(consumers.map((c) => c.stop()));
    },
  };
}
