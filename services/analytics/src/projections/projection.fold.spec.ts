import { MunicipalCalendar } from '../calendar/municipal-calendar';
import { AnalyticsEvent } from './analytics-event';
import { knownHistory } from './known-history.test-support';
import { emptyState, ProjectionFold } from './projection.fold';

const cal = new MunicipalCalendar('Europe/Podgorica');
const asEvents = (): AnalyticsEvent[] => knownHistory().map((e, i) => ({ position: i + 1, id: e.id, type: e.type, occurredAt: e.occurredAt, data: e.data }));
const counter = (fold: ProjectionFold, figure: string, day?: string) =>
  [...fold.counters.values()].filter((c) => c.figure === figure && (!day || c.day === day)).reduce((n, c) => n + c.n, 0);

describe('ProjectionFold', () => {
  it('given a known day, counts questions on their local day', () => {
    const fold = new ProjectionFold(emptyState(), cal).applyAll(asEvents());
    expect(counter(fold, 'questions', '2026-03-28')).toBe(1);
    expect(counter(fold, 'questions', '2026-03-29')).toBe(5);
    expect(counter(fold, 'questions', '2026-03-30')).toBe(2);
  });

  it('keeps only the texts of citizens who did not ask to be forgotten', () => {
    const fold = new ProjectionFold(emptyState(), cal).applyAll(asEvents());
    expect(fold.notUnderstood.map((r) => [r.citizenId, r.normalised])).toEqual([
      ['viber:b', 'gdje je opstina'],
      ['viber:c', 'gdje je opstina'],
    ]);
    expect(counter(fold, 'not-understood')).toBe(2);
    expect(fold.forgets).toEqual([{ citizenId: 'viber:a', position: 28 }]);
  });

  it('measures a handoff session once: wait 120 s, first reply 180 s, handling 600 s, rating 4', () => {
    const fold = new ProjectionFold(emptyState(), cal).applyAll(asEvents());
    const one = (figure: string) => [...fold.counters.values()].filter((c) => c.figure === figure).map((c) => [c.k1, c.k2, c.n, c.s]);
    expect(one('handoff-wait')).toEqual([['local-self-government', 'op-1', 1, 120]]);
    expect(one('handoff-first-reply')).toEqual([['local-self-government', 'op-1', 1, 180]]);
    expect(one('handoff-handling')).toEqual([['local-self-government', 'op-1', 1, 600]]);
    expect(one('handoff-rating')).toEqual([['local-self-government', 'op-1', 1, 4]]);
  });

  it('builds the campaign funnel and counts the unsubscribe after it', () => {
    const fold = new ProjectionFold(emptyState(), cal).applyAll(asEvents());
    expect(fold.campaigns.get('c1')).toMatchObject({ title: 'Water cut', targeted: 3, sent: 2, failed: 1, delivered: 2, seen: 1, unsubscribedAfter: 1 });
    expect([...fold.campaignFailures.values()]).toEqual([{ campaignId: 'c1', reason: '6 not subscribed', n: 1 }]);
  });

  it('counts a citizen as new once, on the earliest day seen, whatever order events come in', () => {
    const events = asEvents().filter((e) => e.type === 'CitizenMessageReceived');
    const fold = new ProjectionFold(emptyState(), cal).applyAll([...events].reverse());
    const days = [...fold.counters.values()].filter((c) => c.figure === 'new-citizens' && c.n !== 0);
    const net = new Map<string, number>();
    for (const c of days) net.set(c.day, (net.get(c.day) ?? 0) + c.n);
    expect(Object.fromEntries([...net].filter(([, v]) => v !== 0))).toEqual({ '2026-03-28': 1, '2026-03-29': 2 });
  });

  it('never lets an older subscription report undo a newer one', () => {
    const state = emptyState();
    const fold = new ProjectionFold(state, cal);
    fold.apply({ position: 1, id: 'u', type: 'CitizenUnsubscribed', occurredAt: '2026-03-29T11:00:00Z', data: { citizenId: 'viber:x', at: '2026-03-29T11:00:00Z' } });
    fold.apply({ position: 2, id: 's', type: 'CitizenSubscribed', occurredAt: '2026-03-29T10:00:00Z', data: { citizen: { id: 'viber:x' }, at: '2026-03-29T10:00:00Z' } });
    expect(state.citizens.get('viber:x')).toMatchObject({ subscribed: false });
  });
});
