type Row = Record<string, string | number | boolean | null | undefined>;

export interface TopicTotals {
  questions: number;
  answered: number;
  handoff: number;
  notUnderstood: number;
}

export interface TopicComparison {
  topic: string;
  questions: number;
  previousQuestions: number;
  /** questions − previousQuestions */
  change: number;
  answered: number;
  handoff: number;
  notUnderstood: number;
  /** Share of the topic's questions the bot answered, now and in the previous period (0..1, null: none asked). */
  answeredShare: number | null;
  previousAnsweredShare: number | null;
  [column: string]: string | number | null;
}

const num = (v: Row[string]) => (typeof v === 'number' ? v : Number(v ?? 0) || 0);
const share = (part: number, whole: number) => (whole ? Math.round((part / whole) * 10_000) / 10_000 : null);

/** The rows of GET /analytics/topics (per bucket and topic) summed per topic. */
export function totalsByTopic(rows: readonly Row[]): Map<string, TopicTotals> {
  const totals = new Map<string, TopicTotals>();
  for (const r of rows) {
    const topic = String(r['topic'] ?? '(none)');
    const t = totals.get(topic) ?? { questions: 0, answered: 0, handoff: 0, notUnderstood: 0 };
    t.questions += num(r['questions']);
    t.answered += num(r['answered']);
    t.handoff += num(r['handoff']);
    t.notUnderstood += num(r['notUnderstood']);
    totals.set(topic, t);
  }
  return totals;
}

/**
 * Each topic asked in either period, with this period's figures beside the previous period's: most
 * asked now first, then most asked before, then by name.
 */
export function compareTopics(now: readonly Row[], previous: readonly Row[]): TopicComparison[] {
  const a = totalsByTopic(now);
  const b = totalsByTopic(previous);
  const topics = new Set([...a.keys(), ...b.keys()]);
  const empty: TopicTotals = { questions: 0, answered: 0, handoff: 0, notUnderstood: 0 };
  return [...topics]
    .map((topic) => {
      const cur = a.get(topic) ?? empty;
      const prev = b.get(topic) ?? empty;
      return {
        topic,
        questions: cur.questions,
        previousQuestions: prev.questions,
        change: cur.questions - prev.questions,
        answered: cur.answered,
        handoff: cur.handoff,
        notUnderstood: cur.notUnderstood,
        answeredShare: share(cur.answered, cur.questions),
        previousAnsweredShare: share(prev.answered, prev.questions),
      };
    })
    .sort(
      (x, y) =>
        y.questions - x.questions ||
        y.previousQuestions - x.previousQuestions ||
        x.topic.localeCompare(y.topic),
    );
}
