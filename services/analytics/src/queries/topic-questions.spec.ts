import { questionsOfTopic } from './topic-questions';

describe('questionsOfTopic: the drill-down from a topic to its questions', () => {
  it('groups spellings of one question, counts how each was handled, most asked first', () => {
    const rows = questionsOfTopic(
      [
        { text: 'Porez na kuću?', outcome: 'answered', n: 2 },
        { text: 'порез на кућу', outcome: 'handoff', n: 1 },
        { text: 'rok za porez', outcome: 'answered', n: 1 },
        { text: 'porez na kucu', outcome: 'not-understood', n: 1 },
        { text: '?!', outcome: 'answered', n: 7 },
      ],
      50,
    );
    expect(rows).toEqual([
      { question: 'porez na kucu', questions: 4, answered: 2, handoff: 1, notUnderstood: 1 },
      { question: 'rok za porez', questions: 1, answered: 1, handoff: 0, notUnderstood: 0 },
    ]);
  });

  it('keeps at most `limit` rows, ties in alphabetical order', () => {
    const rows = questionsOfTopic(
      ['c', 'a', 'b'].map((text) => ({ text, outcome: 'answered', n: 1 })),
      2,
    );
    expect(rows.map((r) => r.question)).toEqual(['a', 'b']);
  });
});
