import { MunicipalCalendar, toMillis } from '../calendar/municipal-calendar';
import { AnalyticsEvent } from './analytics-event';
import { Figure } from './figure-counters';
import { analyticsEventsOf, anEvent, countersOf } from './fold.test-support';
import { noHandoffMeasures } from './handoff-panel';
import { HandoffFold, SessionState } from './handoff.fold';
import { knownHistory } from './known-history.test-support';

const cal = new MunicipalCalendar('Europe/Podgorica');

function fold(events: AnalyticsEvent[], sessions = new Map<string, SessionState>()) {
  const handoff = new HandoffFold(sessions, cal);
  for (const e of events) handoff.apply(e);
  return { counters: handoff.counters.deltas(), ...handoff.rows() };
}

const session = { sessionId: 's9', citizenId: 'viber:x', department: 'communal-services' };
const queued = (at: string) =>
  anEvent('HandoffSessionQueued', at, {
    ...session,
    topic: 'parking',
    language: 'cnr-Latn',
    requestedAt: at,
    queuedAt: at,
    outsideOfficeHours: false,
  });
const assigned = (queuedAt: string, at: string) =>
  anEvent('HandoffSessionAssigned', at, {
    ...session,
    operatorId: 'op-2',
    operatorName: 'Jovana',
    assignedBy: 'claim',
    queuedAt,
    assignedAt: at,
  });
const ended = (at: string, endedBy: string) =>
  anEvent('HandoffSessionEnded', at, { ...session, endedBy, endedAt: at });

describe('HandoffFold', () => {
  it('measures a handoff session once: wait 120 s, first reply 180 s, handling 600 s, rating 4', () => {
    const { counters } = fold(analyticsEventsOf(knownHistory()));
    const one = (figure: Exclude<Figure, 'handoff-queued' | 'handoff-ended'>) =>
      countersOf(counters, figure).map((c) => [c.dimensions.department, c.dimensions.operatorId, c.n, c.s]);
    expect(one('handoff-wait')).toEqual([['local-self-government', 'op-1', 1, 120]]);
    expect(one('handoff-first-reply')).toEqual([['local-self-government', 'op-1', 1, 180]]);
    expect(one('handoff-handling')).toEqual([['local-self-government', 'op-1', 1, 600]]);
    expect(one('handoff-rating')).toEqual([['local-self-government', 'op-1', 1, 4]]);
  });

  it('makes the figures lines of the handoff panel: queued on the department’s, the durations on the operator’s', () => {
    const { handoffPanel } = fold(analyticsEventsOf(knownHistory()));
    const line = { hour: '2026-03-29T08:00:00.000Z', day: '2026-03-29', week: '2026-03-23' };
    expect(handoffPanel).toEqual([
      { ...line, department: 'local-self-government', operatorId: '', ...noHandoffMeasures(), queued: 1 },
      {
        ...line,
        department: 'local-self-government',
        operatorId: 'op-1',
        ...noHandoffMeasures(),
        assigned: 1,
        waitSeconds: 120,
        firstReplies: 1,
        firstReplySeconds: 180,
        handled: 1,
        handlingSeconds: 600,
        ratings: 1,
        ratingSum: 4,
      },
    ]);
  });

  it('shows an unanswered session on the department’s line, and no other ending', () => {
    const unanswered = fold([queued('2026-03-29T08:00:00Z'), ended('2026-03-29T09:30:00Z', 'citizen')]);
    expect(unanswered.handoffPanel).toEqual([
      expect.objectContaining({ operatorId: '', queued: 1, unanswered: 1, handled: 0 }),
    ]);
    const sessions = new Map<string, SessionState>();
    fold(
      [queued('2026-03-29T08:00:00Z'), assigned('2026-03-29T08:00:00Z', '2026-03-29T08:05:00Z')],
      sessions,
    );
    expect(fold([ended('2026-03-29T09:30:00Z', 'citizen')], sessions).handoffPanel).toEqual([
      expect.objectContaining({ operatorId: 'op-2', unanswered: 0, handled: 1, handlingSeconds: 5100 }),
    ]);
  });

  it('given the known history, then the session’s row and the operator’s name', () => {
    const { counters, sessions, operators } = fold(analyticsEventsOf(knownHistory()));
    expect(sessions).toEqual([
      {
        sessionId: 's1',
        department: 'local-self-government',
        operatorId: 'op-1',
        queuedAt: toMillis('2026-03-29T08:00:00Z'),
        assignedAt: toMillis('2026-03-29T08:02:00Z'),
        firstReplyAt: toMillis('2026-03-29T08:03:00Z'),
        endedAt: toMillis('2026-03-29T08:12:00Z'),
      },
    ]);
    expect(operators).toEqual([{ operatorId: 'op-1', name: 'Ana' }]);
    expect(countersOf(counters, 'handoff-queued').map((c) => [c.hour, c.dimensions.department, c.n])).toEqual(
      [['2026-03-29T08:00:00.000Z', 'local-self-government', 1]],
    );
    expect(countersOf(counters, 'handoff-ended').map((c) => [c.hour, c.dimensions, c.n])).toEqual([
      [
        '2026-03-29T08:00:00.000Z',
        { department: 'local-self-government', operatorId: 'op-1', endedBy: 'operator' },
        1,
      ],
    ]);
  });

  it('counts a session that ended before anyone took it as unanswered, with no handling time', () => {
    const { counters } = fold([queued('2026-03-29T08:00:00Z'), ended('2026-03-29T09:30:00Z', 'citizen')]);
    expect(countersOf(counters, 'handoff-ended').map((c) => [c.hour, c.dimensions, c.n])).toEqual([
      [
        '2026-03-29T08:00:00.000Z',
        { department: 'communal-services', operatorId: '', endedBy: 'unanswered' },
        1,
      ],
    ]);
    expect(countersOf(counters, 'handoff-handling')).toEqual([]);
  });

  it('carries a session across batches through its row, and counts each duration once', () => {
    const sessions = new Map<string, SessionState>();
    fold([queued('2026-03-29T08:00:00Z')], sessions);
    const later = fold(
      [
        assigned('2026-03-29T08:00:00Z', '2026-03-29T08:05:00Z'),
        assigned('2026-03-29T08:00:00Z', '2026-03-29T08:06:00Z'), // a transfer: the wait was already counted
        queued('2026-03-29T08:00:00Z'), // a redelivered queueing counts nothing more
      ],
      sessions,
    );
    expect(later.counters.map((c) => [c.figure, c.hour, c.dimensions, c.n, c.s])).toEqual([
      [
        'handoff-wait',
        '2026-03-29T08:00:00.000Z',
        { department: 'communal-services', operatorId: 'op-2' },
        1,
        300,
      ],
    ]);
    expect(later.sessions).toEqual([expect.objectContaining({ sessionId: 's9', operatorId: 'op-2' })]);
    expect(later.operators).toEqual([{ operatorId: 'op-2', name: 'Jovana' }]);
  });
});
