import { MunicipalCalendar } from '../calendar/municipal-calendar';
import { AnalyticsEvent } from './analytics-event';
import { parseEnvelope } from '@citizen-desk/contracts';
import { keptCopyOf } from './analytics-event';
import { knownHistory, knownReports } from './known-history.test-support';
import { emptyState, ProjectionFold } from './projection.fold';

const cal = new MunicipalCalendar('Europe/Podgorica');
const asEvents = (): AnalyticsEvent[] =>
  knownHistory().map((e, i) => ({
    position: i + 1,
    id: e.id,
    type: e.type,
    occurredAt: e.occurredAt,
    data: e.data,
  }));
const counter = (fold: ProjectionFold, figure: string, day?: string) =>
  [...fold.counters.values()]
    .filter((c) => c.figure === figure && (!day || c.day === day))
    .reduce((n, c) => n + c.n, 0);

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
    const one = (figure: string) =>
      [...fold.counters.values()].filter((c) => c.figure === figure).map((c) => [c.k1, c.k2, c.n, c.s]);
    expect(one('handoff-wait')).toEqual([['local-self-government', 'op-1', 1, 120]]);
    expect(one('handoff-first-reply')).toEqual([['local-self-government', 'op-1', 1, 180]]);
    expect(one('handoff-handling')).toEqual([['local-self-government', 'op-1', 1, 600]]);
    expect(one('handoff-rating')).toEqual([['local-self-government', 'op-1', 1, 4]]);
  });

  it('builds the campaign funnel and counts the unsubscribe after it', () => {
    const fold = new ProjectionFold(emptyState(), cal).applyAll(asEvents());
    expect(fold.campaigns.get('c1')).toMatchObject({
      title: 'Water cut',
      targeted: 3,
      sent: 2,
      failed: 1,
      delivered: 2,
      seen: 1,
      unsubscribedAfter: 1,
    });
    expect([...fold.campaignFailures.values()]).toEqual([
      { campaignId: 'c1', reason: '6 not subscribed', n: 1 },
    ]);
  });

  it('counts a citizen as new once, on the earliest day seen, whatever order events come in', () => {
    const events = asEvents().filter((e) => e.type === 'CitizenMessageReceived');
    const fold = new ProjectionFold(emptyState(), cal).applyAll([...events].reverse());
    const days = [...fold.counters.values()].filter((c) => c.figure === 'new-citizens' && c.n !== 0);
    const net = new Map<string, number>();
    for (const c of days) net.set(c.day, (net.get(c.day) ?? 0) + c.n);
    expect(Object.fromEntries([...net].filter(([, v]) => v !== 0))).toEqual({
      '2026-03-28': 1,
      '2026-03-29': 2,
    });
  });

  it('never lets an older subscription report undo a newer one', () => {
    const state = emptyState();
    const fold = new ProjectionFold(state, cal);
    fold.apply({
      position: 1,
      id: 'u',
      type: 'CitizenUnsubscribed',
      occurredAt: '2026-03-29T11:00:00Z',
      data: { citizenId: 'viber:x', at: '2026-03-29T11:00:00Z' },
    });
    fold.apply({
      position: 2,
      id: 's',
      type: 'CitizenSubscribed',
      occurredAt: '2026-03-29T10:00:00Z',
      data: { citizen: { id: 'viber:x' }, at: '2026-03-29T10:00:00Z' },
    });
    expect(state.citizens.get('viber:x')).toMatchObject({ subscribed: false });
  });

  describe('reports', () => {
    /** Net reports per "category / department: status", zero entries left out. */
    const statusNow = (fold: ProjectionFold) => {
      const net: Record<string, number> = {};
      for (const d of fold.reportStatusDeltas.values())
        net[`${d.category} / ${d.department}: ${d.status}`] =
          (net[`${d.category} / ${d.department}: ${d.status}`] ?? 0) + d.n;
      return Object.fromEntries(Object.entries(net).filter(([, n]) => n !== 0));
    };
    const reportEvents = (order?: number[]) => {
      const events = knownReports().map((e, i) => ({
        position: i + 1,
        id: e.id,
        type: e.type,
        occurredAt: e.occurredAt,
        data: e.data,
      }));
      return order ? order.map((i) => events[i]) : events;
    };

    it('the known history is valid by the contracts', () => {
      for (const e of knownHistory()) expect(() => parseEnvelope(e)).not.toThrow();
    });

    it('counts reports filed on their local day by department, category and channel', () => {
      const fold = new ProjectionFold(emptyState(), cal).applyAll(reportEvents());
      const filed = [...fold.counters.values()]
        .filter((c) => c.figure === 'reports-filed')
        .map((c) => [c.day, c.k1, c.k2, c.k3, c.n]);
      expect(filed).toEqual([
        ['2026-03-28', 'communal-services', 'street-lighting', 'viber', 1],
        ['2026-03-29', 'communal-services', 'illegal-dump', 'viber', 1],
        ['2026-03-29', 'local-self-government', 'gatherings', 'open311', 1],
        ['2026-03-30', 'communal-services', 'street-lighting', 'staff', 1],
      ]);
    });

    it('counts each report once in the status, category and department it is in now', () => {
      const fold = new ProjectionFold(emptyState(), cal).applyAll(reportEvents());
      expect(statusNow(fold)).toEqual({
        'street-lighting / communal-services: resolved': 1,
        'street-lighting / communal-services: received': 1,
        'illegal-dump / communal-services: duplicate': 1,
        'public-order / communal-police: received': 1,
      });
    });

    it('comes out the same whatever order the events arrive in', () => {
      const inOrder = statusNow(new ProjectionFold(emptyState(), cal).applyAll(reportEvents()));
      // Resolved before in progress, the reassignment before the filing, status changes before their reports.
      const shuffled = new ProjectionFold(emptyState(), cal).applyAll(reportEvents([7, 4, 5, 3, 6, 2, 1, 0]));
      expect(statusNow(shuffled)).toEqual(inOrder);
      expect(shuffled.state.reports.get('r1')).toMatchObject({
        status: 'resolved',
        category: 'street-lighting',
      });
      expect(shuffled.state.reports.get('r3')).toMatchObject({
        status: 'received',
        category: 'public-order',
        department: 'communal-police',
      });
    });

    it('carries a report across batches through its state (a live event after the rest)', () => {
      const events = reportEvents();
      const state = emptyState();
      const first = new ProjectionFold(state, cal).applyAll(events.slice(0, 7));
      const last = new ProjectionFold(state, cal).applyAll(events.slice(7));
      expect(statusNow(last)).toEqual({
        'street-lighting / communal-services: in-progress': -1,
        'street-lighting / communal-services: resolved': 1,
      });
      expect(statusNow(first)['street-lighting / communal-services: in-progress']).toBe(1);
    });

    it('keeps no report description, place, photo or staff note in its copy of the events', () => {
      const [filed, , , changed, reassigned] = knownReports();
      expect(Object.keys(keptCopyOf(filed).data as object).sort()).toEqual([
        'category',
        'channel',
        'citizenId',
        'department',
        'filedAt',
        'language',
        'reference',
        'reportId',
        'submissionId',
      ]);
      expect(keptCopyOf(changed).data).not.toHaveProperty('note');
      expect(keptCopyOf(reassigned).data).not.toHaveProperty('reason');
      expect(filed.data).toHaveProperty('description'); // the event itself is left alone
      const bot = knownHistory()[1];
      expect(keptCopyOf(bot)).toBe(bot);
    });
  });
});
