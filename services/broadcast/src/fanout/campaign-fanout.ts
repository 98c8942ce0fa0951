import { EventEmitter } from 'node:events';
import { BroadcastToCitizens, CampaignBatchPlanned, makeEnvelope, MAX_BROADCAST_RECEIVERS } from '@citizen-desk/contracts';
import { currentTraceCarrier } from '@citizen-desk/observability';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { EntityManager, QueryRunner } from 'typeorm';
import { campaignMessageIn } from '../campaigns/campaign-message';
import { BROADCAST_ORIGIN, CampaignService } from '../campaigns/campaign.service';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { DeliveryRepository } from '../delivery/delivery.repository';
import { languageGroupsOf, SubscribersRepository } from '../subscribers/subscribers.repository';
import { batchIdOf, batchPlannedEventIdOf, broadcastCommandIdOf } from './batch-identity';

export interface FanoutOptions {
  /** Receivers per broadcast_message call (Viber: 300 at most). */
  batchSize: number;
  /** Batches handed to the gateway and not yet reported on; bounds how far a pause lags and the bus backlog. */
  maxBatchesInFlight: number;
  /** How often due campaigns are looked for. */
  pollMs: number;
}

type StepResult = 'planned' | 'stopped' | 'done';

/**
 * Sends due campaigns: reads the audience with a keyset cursor, one language group after another, and
 * issues one BroadcastToCitizens command per batch. Each batch is planned in one transaction with its
 * recipients, its event, its command and the cursor, so a process killed at any point resumes exactly
 * after the last committed batch. A session advisory lock per campaign lets one replica fan it out;
 * it is released when that replica's connection ends, so another takes over after a crash.
 */
export class CampaignFanout {
  private readonly running = new Map<string, Promise<void>>();
  private readonly wake = new EventEmitter();
  private timer?: NodeJS.Timeout;
  private stopping = false;
  private ticking?: Promise<void>;

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly campaigns: CampaignsRepository,
    private readonly service: CampaignService,
    private readonly subscribers: SubscribersRepository,
    private readonly delivery: DeliveryRepository,
    private readonly options: FanoutOptions,
  ) {
    this.wake.setMaxListeners(0);
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
    for (const campaignId of await this.campaigns.dueForFanout(new Date())) {
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
      const [{ locked }]: Array<{ locked: boolean }> = await lockHolder.query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [key]);
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
      await this.service.execute(campaignId, { type: 'StartCampaign', targeted: total, at: new Date().toISOString() });
    }
    while (!this.stopping) {
      await this.waitForRoom(campaignId);
      if (this.stopping) return;
      const result = await this.runtime.dataSource.transaction((m) => this.planNextBatch(m, campaignId));
      if (result !== 'planned') return;
    }
  }

  private async waitForRoom(campaignId: string): Promise<void> {
    for (;;) {
      const p = await this.delivery.progress(campaignId);
      if (!p || this.stopping || p.batchesPlanned - p.batchesCompleted < this.options.maxBatchesInFlight) return;
      await new Promise<void>((resolve) => {
        const done = () => (clearTimeout(timer), this.wake.off('batch', done), resolve());
        const timer = setTimeout(done, 200);
        this.wake.on('batch', done);
      });
    }
  }

  /** One batch, in the caller's transaction: recipients, CampaignBatchPlanned, the command and the cursor together. */
  private async planNextBatch(manager: EntityManager, campaignId: string): Promise<StepResult> {
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
        await completeIfReported(manager, this.service, this.delivery, campaignId);
        return 'done';
      }
      const page = await this.subscribers.nextPage(manager, state.audience, groups[languageIndex], cursor, size);
      if (page.length > 0) {
        const language = groups[languageIndex];
        const sequence = progress.batchesPlanned + 1;
        const batchId = batchIdOf(campaignId, sequence);
        const recipients = await this.delivery.recordBatch(manager, { campaignId, batchId, sequence, language, citizenIds: page, languageIndex });
        if (recipients.length === 0) return 'planned';
        const trace = currentTraceCarrier();
        const planned: CampaignBatchPlanned = {
          campaignId,
          department: state.department,
          at: new Date().toISOString(),
          batchId,
          sequence,
          language,
          recipients: recipients.length,
        };
        const command: BroadcastToCitizens = {
          batchId,
          campaignId,
          citizenIds: recipients,
          message: campaignMessageIn(state.content, language),
          origin: BROADCAST_ORIGIN,
        };
        const streamId = `campaign-batch-${batchId}`;
        await this.runtime.eventStore.append(
          streamId,
          'no-stream',
          [makeEnvelope({ id: batchPlannedEventIdOf(batchId), type: 'CampaignBatchPlanned', version: 1, streamId, data: planned, trace })],
          {
            manager,
            alsoPublish: [makeEnvelope({ id: broadcastCommandIdOf(batchId), type: 'BroadcastToCitizens', version: 1, streamId, data: command, trace })],
          },
        );
        return 'planned';
      }
      languageIndex += 1;
      cursor = '';
    }
  }
}

/** The campaign is complete once every batch is planned and the gateway has reported on each. Caller holds the progress lock. */
export async function completeIfReported(manager: EntityManager, service: CampaignService, delivery: DeliveryRepository, campaignId: string): Promise<void> {
  const p = await delivery.lockProgress(manager, campaignId);
  if (!p || !p.planningDone || p.batchesCompleted < p.batchesPlanned) return;
  const { state } = await service.load(campaignId, manager);
  if (state.status !== 'sending' && state.status !== 'paused') return;
  await service.execute(
    campaignId,
    { type: 'CompleteCampaign', recipients: p.recipientsPlanned, batches: p.batchesPlanned, sent: p.sent, failed: p.failed, at: new Date().toISOString() },
    manager,
  );
}
