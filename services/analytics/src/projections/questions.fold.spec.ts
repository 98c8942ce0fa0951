import { MunicipalCalendar, toMillis } from '../calendar/municipal-calendar';
import { AnalyticsEvent } from './analytics-event';
import { analyticsEventsOf, anEvent, countersOf, netByDay } from './fold.test-support';
import { knownHistory } from './known-history.test-support';
import { QuestionsFold } from './questions.fold';

const cal = new MunicipalCalendar('Europe/Podgorica');

function fold(events: AnalyticsEvent[]) {
  const questions = new QuestionsFold(cal);
  for (const e of events) questions.apply(e, toMillis(e.occurredAt));
  return { counters: questions.counters.deltas(), ...questions.rows() };
}

const botReplied = (position: number, citizenId: string, outcome: string, text?: string) =>
  anEvent(
    'BotReplied',
    '2026-03-29T10:00:00Z',
    { citizenId, inReplyTo: 'x', topic: null, outcome, language: 'cnr-Latn', text, messageIds: [] },
    position,
  );

describe('QuestionsFold', () => {
  it('given a known day, counts questions on their local day', () => {
    const { counters } = fold(analyticsEventsOf(knownHistory()));
    expect(netByDay(counters, 'questions')).toEqual({ '2026-03-28': 1, '2026-03-29': 5, '2026-03-30': 2 });
  });

  it('counts questions by topic, language and outcome, and messages by kind', () => {
    const { counters } = fold(analyticsEventsOf(knownHistory()));
    const questions = countersOf(counters, 'questions').filter((c) => c.day === '2026-03-29');
    expect(
      questions.map((c) => [c.dimensions.topic, c.dimensions.language, c.dimensions.outcome, c.n]),
    ).toEqual([
      ['', 'cnr-Latn', 'not-understood', 1],
      ['', 'cnr-Cyrl', 'not-understood', 1],
      ['parking', 'cnr-Cyrl', 'answered', 1],
      ['', 'cnr-Cyrl', 'menu', 1],
      ['parking', 'cnr-Latn', 'handoff', 1],
    ]);
    expect(countersOf(counters, 'messages-received').map((c) => [c.day, c.dimensions.kind, c.n])).toEqual([
      ['2026-03-28', 'text', 1],
      ['2026-03-29', 'text', 1],
      ['2026-03-29', 'text', 1],
      ['2026-03-30', 'text', 1],
    ]);
  });

  it('keeps only the texts of citizens who did not ask to be forgotten', () => {
    const { counters, notUnderstood, forgets } = fold(analyticsEventsOf(knownHistory()));
    expect(notUnderstood.map((r) => [r.citizenId, r.normalised])).toEqual([
      ['viber:b', 'gdje je opstina'],
      ['viber:c', 'gdje je opstina'],
    ]);
    expect(countersOf(counters, 'not-understood').reduce((n, c) => n + c.n, 0)).toBe(2);
    expect(forgets).toEqual([{ citizenId: 'viber:a', position: 28 }]);
  });

  it('groups the texts it did not understand by their normalised question, Latin or Cyrillic', () => {
    const { counters, notUnderstood } = fold([
      botReplied(1, 'viber:x', 'not-understood', 'Gdje je OPŠTINA?'),
      botReplied(2, 'viber:y', 'not-understood', 'гдје је општина'),
      botReplied(3, 'viber:y', 'not-understood', '?!'), // nothing left to group by
      botReplied(4, 'viber:y', 'answered', 'Radno vrijeme'), // understood: its text is not kept
    ]);
    expect(countersOf(counters, 'not-understood').map((c) => [c.dimensions.question, c.n])).toEqual([
      ['gdje je opstina', 2],
    ]);
    expect(notUnderstood).toEqual([
      {
        eventId: 'BotReplied-1',
        position: 1,
        citizenId: 'viber:x',
        hour: '2026-03-29T10:00:00.000Z',
        day: '2026-03-29',
        normalised: 'gdje je opstina',
      },
      expect.objectContaining({
        eventId: 'BotReplied-2',
        citizenId: 'viber:y',
        normalised: 'gdje je opstina',
      }),
    ]);
  });

  it('records a dismissal from the inbox under the normalised text, at its position', () => {
    const { dismissals, counters } = fold([
      botReplied(1, 'viber:a', 'not-understood', 'Kad je SAJAM?'),
      anEvent(
        'NotUnderstoodDismissed',
        '2026-03-29T11:00:00Z',
        {
          question: 'kad je sajam',
          topic: null,
          by: { id: 's', email: 'e@budva.me' },
          at: '2026-03-29T11:00:00Z',
        },
        2,
      ),
    ]);
    expect(dismissals).toEqual([
      { normalised: 'kad je sajam', position: 2, at: '2026-03-29T11:00:00Z', topic: null },
    ]);
    // The figure of questions not understood stays: the dismissal only empties the editors' inbox.
    expect(netByDay(counters, 'not-understood')).toEqual({ '2026-03-29': 1 });
  });
});
