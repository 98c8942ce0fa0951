import type {
  BroadcastBatchSent,
  CampaignBatchPlanned,
  CampaignCreated,
  CampaignStarted,
  DeliveryReceipt,
} from '@citizen-desk/contracts';
import { toMillis } from '../calendar/municipal-calendar';
import { AnalyticsEvent } from './analytics-event';

/**
 * The campaign funnel: targeted, planned, sent, failed (by reason), delivered, seen, and unsubscribes
 * soon after the notice. Viber's receipts name only the message token, so the fold remembers which
 * campaign each batch's token belongs to.
 */

export const CAMPAIGN_EVENTS = [
  'CampaignCreated',
  'CampaignStarted',
  'CampaignBatchPlanned',
  'BroadcastBatchSent',
  'MessageDelivered',
  'MessageSeen',
  'MessageDeliveryFailed',
] as const;

/**
 * A change to a row of `campaigns`: the descriptive fields replace the stored ones where not null, the
 * numbers are added to them.
 */
export interface CampaignDelta {
  campaignId: string;
  department: string | null;
  title: string | null;
  createdAt: number | null;
  startedAt: number | null;
  targeted: number;
  planned: number;
  sent: number;
  failed: number;
  delivered: number;
  seen: number;
  deliveryFailed: number;
  unsubscribedAfter: number;
}

/** A change to a row of `campaign_failures`: how many more sends to a campaign failed for a reason. */
export interface CampaignFailureDelta {
  campaignId: string;
  reason: string;
  n: number;
}

/** A row of `campaign_messages`: the campaign a Viber message token was sent for. */
export interface CampaignMessage {
  channelMessageId: string;
  campaignId: string;
}

export interface CampaignRows {
  campaigns: CampaignDelta[];
  campaignFailures: CampaignFailureDelta[];
  campaignMessages: CampaignMessage[];
}

/** Adds the message token whose campaign this event needs to know (loaded before the fold). */
export function messageTokensTouchedBy(e: AnalyticsEvent, into: Set<string>): void {
  if (e.type === 'MessageDelivered' || e.type === 'MessageSeen' || e.type === 'MessageDeliveryFailed')
    into.add((e.data as DeliveryReceipt).channelMessageId);
}

const failureKey = (campaignId: string, reason: string) => `${campaignId}\u0000${reason}`;

export class CampaignsFold {
  private readonly campaigns = new Map<string, CampaignDelta>();
  private readonly failures = new Map<string, CampaignFailureDelta>();
  private readonly messages = new Map<string, string>();

  /** @param campaignOfMessage the campaigns of the message tokens the batch's receipts name, loaded before the fold */
  constructor(private readonly campaignOfMessage: Map<string, string>) {}

  apply(e: AnalyticsEvent): void {
    switch (e.type) {
      case 'CampaignCreated': {
        const d = e.data as CampaignCreated;
        const campaign = this.campaign(d.campaignId);
        campaign.title = d.title;
        campaign.department = d.department;
        campaign.createdAt = toMillis(d.at);
        return;
      }
      case 'CampaignStarted': {
        const d = e.data as CampaignStarted;
        const campaign = this.campaign(d.campaignId);
        campaign.department = d.department;
        campaign.startedAt = toMillis(d.at);
        campaign.targeted += d.targeted;
        return;
      }
      case 'CampaignBatchPlanned': {
        const d = e.data as CampaignBatchPlanned;
        this.campaign(d.campaignId).planned += d.recipients;
        return;
      }
      case 'BroadcastBatchSent':
        return this.batchSent(e.data as BroadcastBatchSent);
      case 'MessageDelivered':
      case 'MessageSeen':
      case 'MessageDeliveryFailed':
        return this.receipt(e.type, e.data as DeliveryReceipt);
    }
  }

  /** An unsubscribe that came soon after this campaign's notice (the subscribers fold decides which). */
  countUnsubscribeAfterNotice(campaignId: string): void {
    this.campaign(campaignId).unsubscribedAfter += 1;
  }

  rows(): CampaignRows {
    return {
      campaigns: [...this.campaigns.values()],
      campaignFailures: [...this.failures.values()],
      campaignMessages: [...this.messages].map(([channelMessageId, campaignId]) => ({
        channelMessageId,
        campaignId,
      })),
    };
  }

  private campaign(campaignId: string): CampaignDelta {
    let campaign = this.campaigns.get(campaignId);
    if (!campaign) {
      campaign = {
        campaignId,
        department: null,
        title: null,
        createdAt: null,
        startedAt: null,
        targeted: 0,
        planned: 0,
        sent: 0,
        failed: 0,
        delivered: 0,
        seen: 0,
        deliveryFailed: 0,
        unsubscribedAfter: 0,
      };
      this.campaigns.set(campaignId, campaign);
    }
    return campaign;
  }

  private batchSent(d: BroadcastBatchSent): void {
    const campaign = this.campaign(d.campaignId);
    campaign.sent += d.sent.length;
    campaign.failed += d.failed.length;
    for (const failure of d.failed) {
      const reason = failure.code === undefined ? failure.reason : `${failure.code} ${failure.reason}`;
      const key = failureKey(d.campaignId, reason);
      const found = this.failures.get(key);
      if (found) found.n += 1;
      else this.failures.set(key, { campaignId: d.campaignId, reason, n: 1 });
    }
    if (d.channelMessageId) {
      this.messages.set(d.channelMessageId, d.campaignId);
      // A receipt later in the same batch must find it too.
      this.campaignOfMessage.set(d.channelMessageId, d.campaignId);
    }
  }

  private receipt(
    type: 'MessageDelivered' | 'MessageSeen' | 'MessageDeliveryFailed',
    d: DeliveryReceipt,
  ): void {
    const campaignId = this.campaignOfMessage.get(d.channelMessageId);
    if (!campaignId) return; // a receipt for a reply, not a notice
    const campaign = this.campaign(campaignId);
    if (type === 'MessageDelivered') campaign.delivered += 1;
    else if (type === 'MessageSeen') campaign.seen += 1;
    else campaign.deliveryFailed += 1;
  }
}
