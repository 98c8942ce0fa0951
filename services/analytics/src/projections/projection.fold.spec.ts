import { parseEnvelope } from '@citizen-desk/contracts';
import { MunicipalCalendar } from '../calendar/municipal-calendar';
import { PROJECTED_TYPES } from './analytics-event';
import { CampaignDelta } from './campaigns.fold';
import { CounterDelta, storedDimensionsOf } from './figure-counters';
import { analyticsEventsOf } from './fold.test-support';
import { HANDOFF_PANEL_MEASURES, HandoffPanelDelta, noHandoffMeasures } from './handoff-panel';
import { knownHistory } from './known-history.test-support';
import { emptyState, FOLDED_EVENT_TYPES, ProjectionFold, stateKeysOf } from './projection.fold';

const cal = new MunicipalCalendar('Europe/Podgorica');
const knownEvents = () => analyticsEventsOf(knownHistory());

/** Counters summed by figure, hour and dimensions, those that cancel out left out. */
function netCounters(deltas: CounterDelta[]): Record<string, [number, number]> {
  const net: Record<string, [number, number]> = {};
  for (const d of deltas) {
    const key = [d.figure, d.hour, d.day, ...storedDimensionsOf(d)].join(' | ');
    const [n, s] = net[key] ?? [0, 0];
    net[key] = [n + d.n, s + d.s];
  }
  return Object.fromEntries(Object.entries(net).filter(([, [n, s]]) => n !== 0 || s !== 0));
}

/** Handoff panel lines summed by hour, department and operator. */
function netPanel(deltas: HandoffPanelDelta[]): Record<string, HandoffPanelDelta> {
  const net: Record<string, HandoffPanelDelta> = {};
  for (const d of deltas) {
    const key = [d.hour, d.department, d.operatorId].join(' | ');
    const sum = (net[key] ??= { ...d, ...noHandoffMeasures() });
    for (const m of HANDOFF_PANEL_MEASURES) sum[m] += d[m];
  }
  return net;
}

const CAMPAIGN_COUNTS = [
  'targeted',
  'planned',
  'sent',
  'failed',
  'delivered',
  'seen',
  'deliveryFailed',
  'unsubscribedAfter',
] as const;

/** Campaign deltas as the repository applies them: counts added, a field replaced where not null. */
function netCampaigns(deltas: CampaignDelta[]): Record<string, CampaignDelta> {
  const net: Record<string, CampaignDelta> = {};
  for (const d of deltas) {
    const sum = net[d.campaignId];
    if (!sum) {
      net[d.campaignId] = { ...d };
      continue;
    }
    for (const count of CAMPAIGN_COUNTS) sum[count] += d[count];
    sum.department = d.department ?? sum.department;
    sum.title = d.title ?? sum.title;
    sum.createdAt = d.createdAt ?? sum.createdAt;
    sum.startedAt = d.startedAt ?? sum.startedAt;
  }
  return net;
}

describe('ProjectionFold', () => {
  it('the known history is valid by the contracts', () => {
    for (const e of knownHistory()) expect(() => parseEnvelope(e)).not.toThrow();
  });

  it('routes every event type analytics keeps to some projection, and no other', () => {
    expect([...FOLDED_EVENT_TYPES].sort()).toEqual([...PROJECTED_TYPES].sort());
  });

  it('names the rows each projection needs loaded before a batch', () => {
    expect(stateKeysOf(knownEvents())).toEqual({
      citizenIds: new Set(['viber:a', 'viber:b', 'viber:c']),
      sessionIds: new Set(['s1']),
      channelMessageIds: new Set(['bcast-1', 'reply-token-9']),
      reportIds: new Set(['r1', 'r2', 'r3', 'r4']),
    });
  });

  it('collects the changes of every projection the events reach', () => {
    const changes = new ProjectionFold(emptyState(), cal).applyAll(knownEvents()).changes();
    expect(new Set(changes.counters.map((c) => c.figure))).toEqual(
      new Set([
        'messages-received',
        'questions',
        'not-understood',
        'new-citizens',
        'subscribed',
        'unsubscribed',
        'reports-filed',
      ]),
    );
    // The handoff figures are lines of the handoff panel: the department's (queued) and the operator's.
    expect(changes.handoffPanel.map((l) => [l.department, l.operatorId, l.queued, l.assigned])).toEqual([
      ['local-self-government', '', 1, 0],
      ['local-self-government', 'op-1', 0, 1],
    ]);
    expect(changes.citizens.map((c) => c.citizenId)).toEqual(['viber:a', 'viber:b', 'viber:c']);
    expect(changes.notUnderstood.map((r) => r.citizenId)).toEqual(['viber:b', 'viber:c']);
    expect(changes.forgets).toEqual([{ citizenId: 'viber:a', position: 28 }]);
    expect(changes.sessions.map((s) => s.sessionId)).toEqual(['s1']);
    expect(changes.operators).toEqual([{ operatorId: 'op-1', name: 'Ana' }]);
    expect(changes.campaignMessages).toEqual([{ channelMessageId: 'bcast-1', campaignId: 'c1' }]);
    expect(changes.reports.map((r) => r.reportId)).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(changes.reportStatusDeltas.length).toBeGreaterThan(0);
  });

  it('builds the campaign funnel and counts the unsubscribe after it', () => {
    const changes = new ProjectionFold(emptyState(), cal).applyAll(knownEvents()).changes();
    expect(changes.campaigns.find((c) => c.campaignId === 'c1')).toMatchObject({
      title: 'Water cut',
      targeted: 3,
      sent: 2,
      failed: 1,
      delivered: 2,
      seen: 1,
      unsubscribedAfter: 1,
    });
    expect(changes.campaignFailures).toEqual([{ campaignId: 'c1', reason: '6 not subscribed', n: 1 }]);
  });

  it('comes to the same in batches of one (live) as in one batch (rebuild), the state carried between them', () => {
    const events = knownEvents();
    const rebuilt = emptyState();
    const batch = new ProjectionFold(rebuilt, cal).applyAll(events).changes();
    const live = emptyState();
    const each = events.map((e) => new ProjectionFold(live, cal).applyAll([e]).changes());
    // Texts written by an earlier batch are erased by the repository, not the fold: leave them out here.
    const withoutTexts = (deltas: CounterDelta[]) => deltas.filter((d) => d.figure !== 'not-understood');
    expect(netCounters(withoutTexts(each.flatMap((c) => c.counters)))).toEqual(
      netCounters(withoutTexts(batch.counters)),
    );
    expect(netCampaigns(each.flatMap((c) => c.campaigns))).toEqual(netCampaigns(batch.campaigns));
    expect(netPanel(each.flatMap((c) => c.handoffPanel))).toEqual(netPanel(batch.handoffPanel));
    expect(live).toEqual(rebuilt);
  });
});
