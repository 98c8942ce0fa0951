import { AnalyticsEvent } from './analytics-event';
import { CampaignsFold } from './campaigns.fold';
import { analyticsEventsOf, anEvent } from './fold.test-support';
import { knownHistory } from './known-history.test-support';

function fold(events: AnalyticsEvent[], campaignOfMessage = new Map<string, string>()) {
  const campaigns = new CampaignsFold(campaignOfMessage);
  for (const e of events) campaigns.apply(e);
  return campaigns;
}

const receipt = (type: string, channelMessageId: string, at = '2026-03-29T12:00:00Z') =>
  anEvent(type, at, { citizenId: 'viber:x', channelMessageId, at });

describe('CampaignsFold', () => {
  it('given the known history, builds the campaign funnel and its failures by reason', () => {
    const { campaigns, campaignFailures, campaignMessages } = fold(analyticsEventsOf(knownHistory())).rows();
    expect(campaigns).toEqual([
      {
        campaignId: 'c1',
        department: 'communal-services',
        title: 'Water cut',
        createdAt: Date.parse('2026-03-29T09:00:00Z'),
        startedAt: Date.parse('2026-03-29T10:00:00Z'),
        targeted: 3,
        planned: 0,
        sent: 2,
        failed: 1,
        delivered: 2, // the receipt for a reply token is not the notice's
        seen: 1,
        deliveryFailed: 0,
        unsubscribedAfter: 0, // the subscribers fold tells it: see the combiner
      },
    ]);
    expect(campaignFailures).toEqual([{ campaignId: 'c1', reason: '6 not subscribed', n: 1 }]);
    expect(campaignMessages).toEqual([{ channelMessageId: 'bcast-1', campaignId: 'c1' }]);
  });

  it('finds the campaign of a receipt through the message token loaded with the batch', () => {
    const rows = fold(
      [
        receipt('MessageDelivered', 'bcast-7'),
        receipt('MessageDeliveryFailed', 'bcast-7'),
        receipt('MessageSeen', 'reply-3'),
        anEvent('CampaignBatchPlanned', '2026-03-29T12:00:00Z', { campaignId: 'c7', recipients: 40 }),
      ],
      new Map([['bcast-7', 'c7']]),
    ).rows();
    expect(rows.campaigns).toEqual([
      expect.objectContaining({
        campaignId: 'c7',
        title: null,
        delivered: 1,
        deliveryFailed: 1,
        seen: 0,
        planned: 40,
      }),
    ]);
    expect(rows.campaignMessages).toEqual([]);
  });

  it('counts an unsubscribe after a notice against its campaign, changing nothing else', () => {
    const campaigns = fold([]);
    campaigns.countUnsubscribeAfterNotice('c1');
    campaigns.countUnsubscribeAfterNotice('c1');
    expect(campaigns.rows().campaigns).toEqual([
      {
        campaignId: 'c1',
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
        unsubscribedAfter: 2,
      },
    ]);
  });
});
