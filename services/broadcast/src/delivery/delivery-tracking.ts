import { EventOf } from '@citizen-desk/contracts';
import { RunningBatchConsumer } from '@citizen-desk/messaging';
import { EventScope, ServiceRuntime } from '@citizen-desk/service-kit';
import { BROADCAST_ORIGIN, CampaignService } from '../campaigns/campaign.service';
import { Clock } from '../clock';
import { completeIfReported } from '../fanout/campaign-fanout';
import { DeliveryRepository, ReceiptKind } from './delivery.repository';

export const BATCH_REPORTS_CONSUMER = 'broadcast-batch-reports';
export const RECEIPTS_CONSUMER = 'broadcast-receipts';
export const UNCERTAIN_BATCHES_CONSUMER = 'broadcast-uncertain-batches';

type Receipt = EventOf<'MessageDelivered' | 'MessageSeen' | 'MessageDeliveryFailed'>;

/** Follows each campaign message: the gateway's report per batch, then Viber's delivered/seen/failed receipts. */
export class DeliveryTracking {
  private readonly consumers: RunningBatchConsumer[] = [];

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly delivery: DeliveryRepository,
    private readonly campaigns: CampaignService,
    private readonly onBatchReported: () => void,
    private readonly batchSize: number,
    private readonly now: Clock,
  ) {}

  async start(): Promise<void> {
    const receipt = (kind: ReceiptKind) => (event: Receipt, scope: EventScope<undefined>) =>
      this.onReceipt(kind, event, scope);
    this.consumers.push(
      await this.runtime.consumeEvents({
        durable: BATCH_REPORTS_CONSUMER,
        subjects: 'gateway.broadcast-batch-sent',
        batchSize: this.batchSize,
        on: { BroadcastBatchSent: (event, scope) => this.onBatchSent(event, scope) },
      }),
      // A consumer of its own: the batch reports' consumer keeps the filter it was created with.
      await this.runtime.consumeEvents({
        durable: UNCERTAIN_BATCHES_CONSUMER,
        subjects: 'gateway.broadcast-batch-uncertain',
        batchSize: this.batchSize,
        on: { BroadcastBatchUncertain: (event, scope) => this.onBatchUncertain(event, scope) },
      }),
      await this.runtime.consumeEvents({
        durable: RECEIPTS_CONSUMER,
        subjects: 'delivery.>',
        batchSize: this.batchSize,
        // Setting a receipt's time only where none is set is idempotent by itself: no processed-id rows.
        idempotentEffects: true,
        on: {
          MessageDelivered: receipt('delivered'),
          MessageSeen: receipt('seen'),
          MessageDeliveryFailed: receipt('failed'),
        },
      }),
    );
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.consumers.map((c) => c.stop()));
  }

  private async onBatchSent(
    event: EventOf<'BroadcastBatchSent'>,
    scope: EventScope<undefined>,
  ): Promise<void> {
    const report = event.data;
    if (report.origin !== BROADCAST_ORIGIN) return;
    const campaignId = await this.delivery.recordBatchSent(scope.manager, report, event.occurredAt);
    // After the commit, so that of two last reports handled at once, the later one sees both.
    scope.afterCommit(async () => {
      if (campaignId)
        await completeIfReported(this.runtime.dataSource, this.campaigns, this.delivery, campaignId, {
          now: this.now,
        });
      this.onBatchReported();
    });
  }

  /** The batch's slot is free; its recipients are reconciled from receipts by the fan-out's recovery. */
  private async onBatchUncertain(
    event: EventOf<'BroadcastBatchUncertain'>,
    scope: EventScope<undefined>,
  ): Promise<void> {
    const report = event.data;
    if (report.origin !== BROADCAST_ORIGIN) return;
    const campaignId = await this.delivery.recordBatchUncertain(scope.manager, report, event.occurredAt);
    if (campaignId) {
      this.runtime.logger.warn(
        { campaignId, batchId: report.batchId, recipients: report.citizenIds.length },
        'batch send uncertain: reconciling it from receipts',
      );
    }
    scope.afterCommit(async () => this.onBatchReported());
  }

  /** Staged: the batch's receipts are recorded together when it commits (DeliveryRepository.receipts). */
  private async onReceipt(
    kind: ReceiptKind,
    event: Receipt,
    { writer }: EventScope<undefined>,
  ): Promise<void> {
    writer.stage(this.delivery.receipts, { kind, receipt: event.data });
  }
}
