import { MunicipalCalendar } from '../calendar/municipal-calendar';
import { AnalyticsEvent } from './analytics-event';
import { analyticsEventsOf, countersOf } from './fold.test-support';
import { knownReports } from './known-history.test-support';
import { ReportRows, ReportsFold, ReportState } from './reports.fold';

const cal = new MunicipalCalendar('Europe/Podgorica');

function fold(events: AnalyticsEvent[], reports = new Map<string, ReportState>()) {
  const reportsFold = new ReportsFold(reports, cal);
  for (const e of events) reportsFold.apply(e);
  return { counters: reportsFold.counters.deltas(), ...reportsFold.rows() };
}

/** Net reports per "category / department: status", zero entries left out. */
const statusNow = ({ reportStatusDeltas }: ReportRows) => {
  const net: Record<string, number> = {};
  for (const d of reportStatusDeltas)
    net[`${d.category} / ${d.department}: ${d.status}`] =
      (net[`${d.category} / ${d.department}: ${d.status}`] ?? 0) + d.n;
  return Object.fromEntries(Object.entries(net).filter(([, n]) => n !== 0));
};
const reportEvents = (order?: number[]) => {
  const events = analyticsEventsOf(knownReports());
  return order ? order.map((i) => events[i]) : events;
};

describe('ReportsFold', () => {
  it('counts reports filed on their local day by department, category and channel', () => {
    const { counters } = fold(reportEvents());
    const filed = countersOf(counters, 'reports-filed').map((c) => [
      c.day,
      c.dimensions.department,
      c.dimensions.category,
      c.dimensions.channel,
      c.n,
    ]);
    expect(filed).toEqual([
      ['2026-03-28', 'communal-services', 'street-lighting', 'viber', 1],
      ['2026-03-29', 'communal-services', 'illegal-dump', 'viber', 1],
      ['2026-03-29', 'local-self-government', 'gatherings', 'open311', 1],
      ['2026-03-30', 'communal-services', 'street-lighting', 'staff', 1],
    ]);
  });

  it('counts each report once in the status, category and department it is in now', () => {
    expect(statusNow(fold(reportEvents()))).toEqual({
      'street-lighting / communal-services: resolved': 1,
      'street-lighting / communal-services: received': 1,
      'illegal-dump / communal-services: duplicate': 1,
      'public-order / communal-police: received': 1,
    });
  });

  it('comes out the same whatever order the events arrive in', () => {
    const inOrder = statusNow(fold(reportEvents()));
    // Resolved before in progress, the reassignment before the filing, status changes before their reports.
    const shuffled = fold(reportEvents([7, 4, 5, 3, 6, 2, 1, 0]));
    expect(statusNow(shuffled)).toEqual(inOrder);
    const row = (reportId: string) => shuffled.reports.find((r) => r.reportId === reportId);
    expect(row('r1')).toMatchObject({ status: 'resolved', category: 'street-lighting' });
    expect(row('r3')).toMatchObject({
      status: 'received',
      category: 'public-order',
      department: 'communal-police',
    });
  });

  it('carries a report across batches through its state (a live event after the rest)', () => {
    const events = reportEvents();
    const reports = new Map<string, ReportState>();
    const first = fold(events.slice(0, 7), reports);
    const last = fold(events.slice(7), reports);
    expect(statusNow(last)).toEqual({
      'street-lighting / communal-services: in-progress': -1,
      'street-lighting / communal-services: resolved': 1,
    });
    expect(statusNow(first)['street-lighting / communal-services: in-progress']).toBe(1);
    expect(last.reports).toEqual([
      {
        reportId: 'r1',
        category: 'street-lighting',
        department: 'communal-services',
        status: 'resolved',
        statusAt: Date.parse('2026-03-30T09:00:00Z'),
        placedAt: Date.parse('2026-03-30T09:00:00Z'),
      },
    ]);
  });
});
