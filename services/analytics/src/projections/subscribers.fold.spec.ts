import { MunicipalCalendar, toMillis } from '../calendar/municipal-calendar';
import { AnalyticsEvent } from './analytics-event';
import { analyticsEventsOf, anEvent, netByDay } from './fold.test-support';
import { knownHistory } from './known-history.test-support';
import { CitizenState, SubscribersFold, UNSUBSCRIBE_AFTER_CAMPAIGN_MS } from './subscribers.fold';

const cal = new MunicipalCalendar('Europe/Podgorica');

/** Folds the events with the given citizens' rows loaded; returns the changes and the campaigns unsubscribed from. */
function fold(events: AnalyticsEvent[], citizens = new Map<string, CitizenState>()) {
  const unsubscribedAfter: string[] = [];
  const subscribers = new SubscribersFold(citizens, cal, (campaignId) => unsubscribedAfter.push(campaignId));
  for (const e of events) subscribers.apply(e, toMillis(e.occurredAt));
  return { counters: subscribers.counters.deltas(), ...subscribers.rows(), unsubscribedAfter };
}

const subscribed = (citizenId: string, at: string) =>
  anEvent('CitizenSubscribed', at, { citizen: { id: citizenId }, at });
const unsubscribed = (citizenId: string, at: string) => anEvent('CitizenUnsubscribed', at, { citizenId, at });
const noticeSent = (campaignId: string, at: string, sent: string[]) =>
  anEvent('BroadcastBatchSent', at, {
    batchId: `b-${campaignId}`,
    campaignId,
    origin: 'broadcast',
    sent,
    failed: [],
    attempts: 1,
  });

describe('SubscribersFold', () => {
  it('given the known history, then each citizen’s row: subscribed or not, first seen, last notice', () => {
    const { citizens } = fold(analyticsEventsOf(knownHistory()));
    const byId = Object.fromEntries(citizens.map((c) => [c.citizenId, c]));
    expect(Object.keys(byId).sort()).toEqual(['viber:a', 'viber:b', 'viber:c']);
    expect(byId['viber:a']).toEqual({
      citizenId: 'viber:a',
      firstSeenAt: toMillis('2026-03-28T22:30:00Z'),
      subscribed: true,
      stateAt: toMillis('2026-03-30T07:00:00Z'),
      lastCampaignId: 'c1',
      lastCampaignAt: toMillis('2026-03-29T10:00:05Z'),
    });
    expect(byId['viber:b']).toMatchObject({ subscribed: false, stateAt: toMillis('2026-03-29T11:00:00Z') });
    expect(byId['viber:c']).toMatchObject({ subscribed: true, lastCampaignId: null });
  });

  it('given the known history, counts subscribes and unsubscribes on their local day', () => {
    const { counters, unsubscribedAfter } = fold(analyticsEventsOf(knownHistory()));
    expect(netByDay(counters, 'subscribed')).toEqual({ '2026-03-28': 1, '2026-03-29': 2 });
    expect(netByDay(counters, 'unsubscribed')).toEqual({ '2026-03-29': 1 });
    expect(unsubscribedAfter).toEqual(['c1']);
  });

  it('counts a citizen as new once, on the earliest day seen, whatever order events come in', () => {
    const events = analyticsEventsOf(knownHistory()).filter((e) => e.type === 'CitizenMessageReceived');
    const { counters } = fold([...events].reverse());
    expect(netByDay(counters, 'new-citizens')).toEqual({
      '2026-03-28': 1,
      '2026-03-29': 2,
    });
  });

  it('never lets an older subscription report undo a newer one', () => {
    const { citizens, counters } = fold([
      unsubscribed('viber:x', '2026-03-29T11:00:00Z'),
      subscribed('viber:x', '2026-03-29T10:00:00Z'),
    ]);
    expect(citizens).toEqual([expect.objectContaining({ citizenId: 'viber:x', subscribed: false })]);
    expect(counters.filter((c) => c.figure === 'subscribed' || c.figure === 'unsubscribed')).toEqual([]);
  });

  it('counts an unsubscribe against the last notice only within 48 hours of it, and only once', () => {
    const at = (hoursAfter: number) =>
      new Date(toMillis('2026-03-29T10:00:00Z') + hoursAfter * 3600_000).toISOString();
    expect(UNSUBSCRIBE_AFTER_CAMPAIGN_MS).toBe(48 * 3600_000);
    const { unsubscribedAfter } = fold([
      subscribed('viber:x', at(-1)),
      subscribed('viber:y', at(-1)),
      noticeSent('c2', at(0), ['viber:x', 'viber:y']),
      noticeSent('c1', at(-2), ['viber:x', 'viber:y']), // reported late: c2 is still the last notice
      unsubscribed('viber:x', at(48)),
      unsubscribed('viber:x', at(49)),
      unsubscribed('viber:y', at(49)),
    ]);
    expect(unsubscribedAfter).toEqual(['c2']);
  });

  it('carries a citizen across batches through their row (a live event after the rest)', () => {
    const citizens = new Map<string, CitizenState>();
    fold([subscribed('viber:x', '2026-03-29T10:00:00Z')], citizens);
    const later = fold([noticeSent('c1', '2026-03-29T11:00:00Z', ['viber:x'])], citizens);
    const last = fold([unsubscribed('viber:x', '2026-03-29T12:00:00Z')], citizens);
    expect(later.counters).toEqual([]);
    expect(last.unsubscribedAfter).toEqual(['c1']);
    expect(last.citizens).toEqual([
      {
        citizenId: 'viber:x',
        firstSeenAt: toMillis('2026-03-29T10:00:00Z'),
        subscribed: false,
        stateAt: toMillis('2026-03-29T12:00:00Z'),
        lastCampaignId: 'c1',
        lastCampaignAt: toMillis('2026-03-29T11:00:00Z'),
      },
    ]);
  });

  it('sees a citizen who opens the chat without subscribing them, and counts an opt-out', () => {
    const { citizens, counters } = fold([
      anEvent('ConversationOpened', '2026-03-29T10:00:00Z', {
        citizen: { id: 'viber:x' },
        subscribed: false,
        at: '2026-03-29T10:00:00Z',
      }),
      anEvent('CitizenOptedOut', '2026-03-29T10:05:00Z', {
        citizenId: 'viber:x',
        at: '2026-03-29T10:05:00Z',
      }),
    ]);
    expect(citizens).toEqual([
      expect.objectContaining({ citizenId: 'viber:x', subscribed: false, stateAt: null }),
    ]);
    expect(netByDay(counters, 'new-citizens')).toEqual({ '2026-03-29': 1 });
    expect(netByDay(counters, 'opted-out')).toEqual({ '2026-03-29': 1 });
    expect(netByDay(counters, 'subscribed')).toEqual({});
  });
});
