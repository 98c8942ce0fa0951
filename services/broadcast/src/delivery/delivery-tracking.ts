import { BroadcastBatchSent, DeliveryReceipt, Envelope } from '@citizen-desk/contracts';
import { processOnce } from '@citizen-desk/event-store';
import { RunningConsumer } from '@citizen-desk/messaging';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { BROADCAST_ORIGIN, CampaignService } from '../campaigns/campaign.service';
import { completeIfReported } from '../fanout/campaign-fanout';
import { DeliveryRepository, ReceiptKind } from './delivery.repository';

export const BATCH_REPORTS_CONSUMER = 'broadcast-batch-reports';
export const RECEIPTS_CONSUMER = 'broadcast-receipts';

const RECEIPT_KIND: Record<string, ReceiptKind> = {
  MessageDelivered: 'delivered',
  MessageSeen: 'seen',
  MessageDeliveryFailed: 'failed',
};

/** Follows each campaign message: the gateway's report per batch, then Viber's delivered/seen/failed receipts. */
export class DeliveryTracking {
  private readonly consumers: RunningConsumer[] = [];

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly delivery: DeliveryRepository,
    private readonly campaigns: CampaignService,
    private readonly onBatchReported: () => void,
    private readonly concurrency: number,
  ) {}

  async start(): Promise<void> {
    this.consumers.push(
      await this.runtime.consume({
        durable: BATCH_REPORTS_CONSUMER,
        subjects: 'gateway.broadcast-batch-sent',
        concurrency: this.concurrency,
        handler: async (envelope) => this.onBatchSent(envelope as Envelope<BroadcastBatchSent>),
      }),
      await this.runtime.consume({
        durable: RECEIPTS_CONSUMER,
        subjects: 'delivery.>',
        concurrency: this.concurrency,
        handler: async (envelope) => {
          const kind = RECEIPT_KIND[envelope.type];
          if (!kind) return;
          // Setting a receipt's time only where none is set is idempotent by itself: no processed-id row needed.
          await this.delivery.recordReceipt(kind, envelope.data as DeliveryReceipt);
        },
      }),
    );
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.consumers.map((c) => c.stop()));
  }

  async onBatchSent(envelope: Envelope<BroadcastBatchSent>): Promise<void> {
    const report = envelope.data;
    if (report.origin !== BROADCAST_ORIGIN) return;
    let campaignId: string | undefined;
    await processOnce(this.runtime.dataSource, BATCH_REPORTS_CONSUMER, envelope.id, async (manager) => {
      campaignId = await this.delivery.recordBatchSent(manager, report, envelope.occurredAt);
    });
    // After the commit, so that of two last reports handled at once, the later one sees both.
    if (campaignId)
      await completeIfReported(this.runtime.dataSource, this.campaigns, this.delivery, campaignId);
    this.onBatchReported();
  }
}
