import { normaliseQuestion } from '../projections/question-text';

export interface TopicQuestionRow {
  /** The question normalised as in the not-understood list (lower case, Latin, no punctuation). */
  question: string;
  questions: number;
  answered: number;
  handoff: number;
  notUnderstood: number;
  [column: string]: string | number;
}

/**
 * Groups what citizens wrote by the not-understood list's normalisation ("Porez?" and "порез" are one
 * question), with how each was handled; most asked first, then alphabetically, at most `limit` rows.
 */
export function questionsOfTopic(
  grouped: ReadonlyArray<{ text: string; outcome: string; n: number }>,
  limit: number,
): TopicQuestionRow[] {
  const byKey = new Map<string, TopicQuestionRow>();
  for (const g of grouped) {
    const question = normaliseQuestion(g.text);
    if (!question) continue;
    let row = byKey.get(question);
    if (!row)
      byKey.set(question, (row = { question, questions: 0, answered: 0, handoff: 0, notUnderstood: 0 }));
    row.questions += g.n;
    if (g.outcome === 'answered') row.answered += g.n;
    else if (g.outcome === 'handoff') row.handoff += g.n;
    else row.notUnderstood += g.n;
  }
  return [...byKey.values()]
    .sort((a, b) => b.questions - a.questions || a.question.localeCompare(b.question))
    .slice(0, limit);
}
