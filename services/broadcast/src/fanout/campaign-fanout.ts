import { EventEmitter } from 'node:events';
import {
  BroadcastToCitizens,
  CampaignBatchPlanned,
  makeEnvelope,
  MAX_BROADCAST_RECEIVERS,
} from '@citizen-desk/contracts';
import { currentTraceCarrier } from '@citizen-desk/observability';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { campaignMessageIn } from '../campaigns/campaign-message';
import { BROADCAST_ORIGIN, CampaignService } from '../campaigns/campaign.service';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { DeliveryRepository, FanoutProgress } from '../delivery/delivery.repository';
import { languageGroupsOf, SubscribersRepository } from '../subscribers/subscribers.repository';
import { Clock } from '../clock';
import { batchIdOf, batchPlannedEventIdOf, broadcastCommandIdOf } from './batch-identity';
import { BatchRecovery, BatchRecoveryOptions, VIBER_RATE_LIMIT_STATUS } from './batch-recovery';

export interface FanoutOptions {
  /** The clock event times and due schedules are read from. */
  now: Clock;
  /** Receivers per broadcast_message call (Viber: 300 at most). */
  batchSize: number;
  /** Batches handed to the gateway and not yet reported on; bounds how far a pause lags and the bus backlog. */
  maxBatchesInFlight: number;
  /** How often due campaigns are looked for. */
  pollMs: number;
  /** Batches planned in one transaction: fewer round trips per recipient, a pause takes effect a little later. */
  batchesPerTransaction: number;
  /** Unreported batches and rate-limited recipients: see BatchRecovery. */
  recovery: Omit<BatchRecoveryOptions, 'batchSize'>;
}

type StepResult = 'planned' | 'stopped' | 'done';

/**
 * Sends due campaigns: reads the audience with a keyset cursor, one language group after another, and
 * issues one BroadcastToCitizens command per batch. Batches are planned in one transaction with their
 * recipients, events, commands and the cursor, so a process killed at any point resumes exactly
 * after the last committed batch. A session advisory lock per campaign lets one replica fan it out;
 * it is released when that replica's connection ends, so another takes over after a crash.
 */
export class CampaignFanout {
  private readonly running = new Map<string, Promise<void>>();
  private readonly wake = new EventEmitter();
  private timer?: NodeJS.Timeout;
  private stopping = false;
  private ticking?: Promise<void>;
  private readonly recovery: BatchRecovery;
  private lastRecovery = new Map<string, number>();

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly campaigns: CampaignsRepository,
    private readonly service: CampaignService,
    private readonly subscribers: SubscribersRepository,
    private readonly delivery: DeliveryRepository,
    private readonly options: FanoutOptions,
  ) {
    this.wake.setMaxListeners(0);
    this.recovery = new BatchRecovery(runtime, service, delivery, {
      batchSize: options.batchSize,
      ...options.recovery,
    });
  }

  start(): void {
    const loop = () => {
      if (this.stopping) return;
      this.ticking = this.tick()
        .catch((e) => this.runtime.logger.warn({ err: e }, 'fan-out tick failed'))
        .finally(() => {
          if (!this.stopping) this.timer = setTimeout(loop, this.options.pollMs);
        });
    };
    loop();
  }

  /** Finishes the batch in hand and stops; the cursor is committed, so another run continues from it. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    this.wake.emit('batch');
    await this.ticking;
    await Promise.allSettled([...this.running.values()]);
  }

  /** A batch was reported on (or a campaign changed): wake fan-outs waiting for room. */
  notify(): void {
    this.wake.emit('batch');
  }

  async tick(): Promise<void> {
    // A report whose completion check was cut short (a crash right after its commit) is caught up here.
    for (const campaignId of await this.campaigns.awaitingCompletion()) {
      if (this.running.has(campaignId)) continue;
      await this.recoverNow(campaignId);
      await completeIfReported(this.runtime.dataSource, this.service, this.delivery, campaignId, {
        now: this.options.now,
      });
    }
    for (const campaignId of await this.campaigns.dueForFanout(this.options.now())) {
      if (this.stopping || this.running.has(campaignId)) continue;
      const run = this.runExclusively(campaignId)
        .catch((e) => this.runtime.logger.warn({ err: e, campaignId }, 'fan-out stopped; it will be resumed'))
        .finally(() => this.running.delete(campaignId));
      this.running.set(campaignId, run);
    }
  }

  private async runExclusively(campaignId: string): Promise<void> {
    const lockHolder: QueryRunner = this.runtime.dataSource.createQueryRunner();
    await lockHolder.connect();
    const key = `${this.runtime.schema}:fanout:${campaignId}`;
    try {
      const [{ locked }]: Array<{ locked: boolean }> = await lockHolder.query(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
        [key],
      );
      if (!locked) return;
      try {
        await this.fanOut(campaignId);
      } finally {
        await lockHolder.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
      }
    } finally {
      await lockHolder.release();
    }
  }

  private async fanOut(campaignId: string): Promise<void> {
    const { state } = await this.service.load(campaignId);
    if (state.status === 'scheduled') {
      const { total } = await this.subscribers.audienceSize(state.audience);
      await this.service.execute(campaignId, {
        type: 'StartCampaign',
        targeted: total,
        at: this.options.now().toISOString(),
      });
    }
    while (!this.stopping) {
      const room = await this.waitForRoom(campaignId);
      if (this.stopping || room === 0) return;
      const result = await this.runtime.dataSource.transaction((m) =>
        this.planNextBatches(m, campaignId, Math.min(room, this.options.batchesPerTransaction)),
      );
      if (result !== 'planned') return;
    }
  }

  /** How many more batches may be handed to the gateway now; waits until at least one may. 0: the campaign has no progress row. */
  private async waitForRoom(campaignId: string): Promise<number> {
    for (;;) {
      const p = await this.delivery.progress(campaignId);
      if (!p) return 0;
      const room = this.options.maxBatchesInFlight - (p.batchesPlanned - p.batchesCompleted);
      if (this.stopping || room > 0) return room;
      if ((await this.recoverIfDue(campaignId)) > 0) continue;
      await new Promise<void>((resolve) => {
        const done = () => (clearTimeout(timer), this.wake.off('batch', done), resolve());
        const timer = setTimeout(done, 200);
        this.wake.on('batch', done);
      });
    }
  }

  /** Recovery at most once per poll interval per campaign while it waits for room. */
  private async recoverIfDue(campaignId: string): Promise<number> {
    if (Date.now() - (this.lastRecovery.get(campaignId) ?? 0) < this.options.pollMs) return 0;
    return this.recoverNow(campaignId);
  }

  private async recoverNow(campaignId: string): Promise<number> {
    this.lastRecovery.set(campaignId, Date.now());
    try {
      return await this.recovery.recover(campaignId);
    } catch (e) {
      this.runtime.logger.warn({ err: e, campaignId }, 'batch recovery failed; tried again later');
      return 0;
    }
  }

  /**
   * Up to `maxBatches` batches of one language group, in the caller's transaction: recipients, one
   * CampaignBatchPlanned and one BroadcastToCitizens per batch, and the cursor, together.
   */
  private async planNextBatches(
    manager: EntityManager,
    campaignId: string,
    maxBatches: number,
  ): Promise<StepResult> {
    const progress = await this.delivery.lockProgress(manager, campaignId);
    const { state } = await this.service.load(campaignId, manager);
    if (!progress || state.status !== 'sending' || !state.content) return 'stopped';
    const groups = languageGroupsOf(state.audience);
    let languageIndex = progress.languageIndex;
    let cursor = progress.cursor;
    const size = Math.min(this.options.batchSize, MAX_BROADCAST_RECEIVERS);
    for (;;) {
      if (languageIndex >= groups.length) {
        await this.delivery.advanceCursor(manager, campaignId, languageIndex, '');
        await this.delivery.markPlanningDone(manager, campaignId);
        await completeIfReported(this.runtime.dataSource, this.service, this.delivery, campaignId, {
          now: this.options.now,
          manager,
        });
        return 'done';
      }
      const language = groups[languageIndex];
      const page = await this.subscribers.nextPage(
        manager,
        state.audience,
        language,
        cursor,
        size * maxBatches,
      );
      if (page.length === 0) {
        languageIndex += 1;
        cursor = '';
        continue;
      }
      const batches = chunk(page, size).map((citizenIds, k) => {
        const sequence = progress.nextSequence + k;
        return { batchId: batchIdOf(campaignId, sequence), sequence, citizenIds };
      });
      const recorded = await this.delivery.recordBatches(manager, {
        campaignId,
        language,
        languageIndex,
        batches,
      });
      if (recorded.length === 0) return 'planned';
      const trace = currentTraceCarrier();
      const at = this.options.now().toISOString();
      const message = campaignMessageIn(state.content, language);
      const streamId = `campaign-${campaignId}-batches`;
      const events = recorded.map((b) => {
        const planned: CampaignBatchPlanned = {
          campaignId,
          department: state.department,
          at,
          batchId: b.batchId,
          sequence: b.sequence,
          language,
          recipients: b.recipients.length,
        };
        return makeEnvelope({
          id: batchPlannedEventIdOf(b.batchId),
          type: 'CampaignBatchPlanned',
          version: 1,
          streamId,
          data: planned,
          trace,
        });
      });
      const commands = recorded.map((b) => {
        const command: BroadcastToCitizens = {
          batchId: b.batchId,
          campaignId,
          citizenIds: b.recipients,
          message,
          origin: BROADCAST_ORIGIN,
        };
        return makeEnvelope({
          id: broadcastCommandIdOf(b.batchId),
          type: 'BroadcastToCitizens',
          version: 1,
          streamId,
          data: command,
          trace,
        });
      });
      // Only this replica plans this campaign (advisory lock), so 'any' cannot lose a race.
      await this.runtime.eventStore.append(streamId, 'any', events, { manager, alsoPublish: commands });
      return 'planned';
    }
  }
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * The campaign is complete once every batch is planned and the gateway has reported on each. Checked
 * without locks first (it is asked after every batch report); confirmed under the fan-out row's lock.
 */
export async function completeIfReported(
  dataSource: DataSource,
  service: CampaignService,
  delivery: DeliveryRepository,
  campaignId: string,
  { now, manager }: { now: Clock; manager?: EntityManager },
): Promise<void> {
  const done = (p: FanoutProgress | undefined): p is FanoutProgress =>
    !!p && p.planningDone && p.batchesCompleted >= p.batchesPlanned;
  if (!done(await delivery.progress(campaignId, manager))) return;
  const complete = async (m: EntityManager) => {
    const p = await delivery.lockProgress(m, campaignId);
    if (!done(p) || (await recipientsPending(m, campaignId))) return;
    const { state } = await service.load(campaignId, m);
    if (state.status !== 'sending' && state.status !== 'paused') return;
    await service.execute(
      campaignId,
      {
        type: 'CompleteCampaign',
        recipients: p.recipientsPlanned,
        batches: p.batchesPlanned,
        sent: p.sent,
        failed: p.failed,
        at: now().toISOString(),
      },
      m,
    );
  };
  await (manager ? complete(manager) : dataSource.transaction(complete));
}

/**
 * Recipients Viber refused with status 12 that the fan-out will still retry, or whose send was
 * uncertain and is not reconciled yet: the campaign is not complete yet.
 */
async function recipientsPending(m: EntityManager, campaignId: string): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `SELECT 1 FROM campaign_recipients WHERE campaign_id = $1 AND failed_code = $2 AND NOT retry_exhausted
     UNION ALL
     SELECT 1 FROM campaign_recipients WHERE campaign_id = $1 AND uncertain_since IS NOT NULL
     LIMIT 1`,
    [campaignId, VIBER_RATE_LIMIT_STATUS],
  );
  return rows.length > 0;
}
