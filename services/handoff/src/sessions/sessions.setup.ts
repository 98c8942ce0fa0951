import { HandoffConfig } from '@citizen-desk/config';
import { RunningBatchConsumer } from '@citizen-desk/messaging';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { Provider, Type } from '@nestjs/common';
import { loadOfficeHours } from '../office-hours/load-office-hours';
import { StaffAccountsRepository } from '../staff/staff-accounts.repository';
import { LiveFeed } from './live-feed';
import { registerOldestWaitGauge } from './oldest-wait.gauge';
import { sessionConsumers } from './sessions.consumers';
import { SessionsController, SessionStreamController } from './sessions.controller';
import { StreamCookieGuard } from './stream-cookie';
import { SessionsRepository } from './sessions.repository';
import { sessionUseCaseProviders, SessionUseCases, sessionUseCases } from './sessions.usecases';

export interface Sessions {
  usecases: SessionUseCases;
  feed: LiveFeed;
  controllers: Type<unknown>[];
  providers: Provider[];
  /** Starts the consumers and the sweeper; call once the HTTP app is up. */
  start(): Promise<void>;
  /** Stops the sweeper and ends live streams (before the HTTP app closes). */
  stop(): Promise<void>;
}

/**
 * Handoff sessions: the use cases, four durable consumers, the live feed for browsers, a periodic
 * sweeper for time-outs and auto-assignment, the operator API and the console.
 */
export function setUpSessions(
  runtime: ServiceRuntime,
  config: HandoffConfig,
  staffAccounts: StaffAccountsRepository,
  now: () => Date,
): Sessions {
  const repo = new SessionsRepository(runtime.dataSource);
  const usecases = sessionUseCases({
    dataSource: runtime.dataSource,
    eventStore: runtime.eventStore,
    repo,
    staffAccounts,
    opts: {
      officeHours: loadOfficeHours({
        json: config.HANDOFF_OFFICE_HOURS,
        file: config.HANDOFF_OFFICE_HOURS_FILE,
      }),
      maxSessionsPerOperator: config.HANDOFF_MAX_SESSIONS_PER_OPERATOR,
      maxWaitMinutes: config.HANDOFF_MAX_WAIT_MINUTES,
      leftMessageMaxHours: config.HANDOFF_LEFT_MESSAGE_MAX_HOURS,
      idleMinutes: config.HANDOFF_IDLE_MINUTES,
      historyLimit: config.HANDOFF_HISTORY_LIMIT,
      ratingWindowHours: config.HANDOFF_RATING_WINDOW_HOURS,
      now,
    },
  });
  const feed = new LiveFeed(
    runtime.messaging.nc,
    config.NATS_NAMESPACE,
    runtime.logger,
    async (envelope) => (await runtime.cipher.open([envelope]))[0],
  );
  const consumers: RunningBatchConsumer[] = [];
  let sweeper: NodeJS.Timeout | null = null;
  let sweeping: Promise<unknown> | null = null;
  let unregisterGauge: (() => void) | undefined;

  return {
    usecases,
    feed,
    controllers: [SessionsController, SessionStreamController],
    providers: [
      ...sessionUseCaseProviders(usecases),
      { provide: SessionsRepository, useValue: repo },
      { provide: LiveFeed, useValue: feed },
      StreamCookieGuard,
    ],
    async start() {
      feed.start();
      unregisterGauge = registerOldestWaitGauge(repo, now);
      for (const consumer of sessionConsumers(usecases))
        consumers.push(await runtime.consumeEvents(consumer));
      sweeper = setInterval(() => {
        if (sweeping) return;
        sweeping = usecases.sweepTimeouts
          .execute()
          .catch((e) => runtime.logger.warn({ err: e }, 'handoff sweep failed'))
          .finally(() => (sweeping = null));
      }, config.HANDOFF_SWEEP_INTERVAL_MS);
      sweeper.unref();
    },
    async stop() {
      unregisterGauge?.();
      if (sweeper) clearInterval(sweeper);
      await sweeping;
      feed.stop();
      await Promise.allSettled(consumers.map((c) => c.stop()));
    },
  };
}
