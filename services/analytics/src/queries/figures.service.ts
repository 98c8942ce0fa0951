import { REPORT_STATUSES } from '@citizen-desk/contracts';
import { MunicipalCalendar } from '../calendar/municipal-calendar';
import { FigureRange } from './figure-range';
import { CounterRow, FiguresRepository } from './figures.repository';
import { questionsOfTopic } from './topic-questions';

export type Row = Record<string, string | number | null>;

/** A figure as the API returns it: the rows are also what its CSV export holds. */
export interface FigureResult {
  figure: string;
  timeZone: string;
  bucket?: string;
  from?: string;
  to?: string;
  rows: Row[];
  [extra: string]: unknown;
}

/** Outcomes that are a citizen's question (menu taps and flow steps are navigation). */
const QUESTION_OUTCOMES = new Set(['answered', 'handoff', 'not-understood']);
const NO_TOPIC = '(none)';
const share = (part: number, whole: number) => (whole ? Math.round((part / whole) * 10_000) / 10_000 : 0);
const average = (sum: number, n: number) => (n ? Math.round((sum / n) * 100) / 100 : null);

/**
 * Shapes the pre-aggregated counters into the figures officials read. Each row begins with its bucket
 * (`start` as a UTC instant, `local` as wall-clock time), written out rather than spread from a shared
 * object: spreading one object into a row of a dozen fields made building a thousand rows take tens of
 * milliseconds in V8, more than the query.
 */
export class FiguresService {
  constructor(
    private readonly repo: FiguresRepository,
    private readonly calendar: MunicipalCalendar,
  ) {}

  private frame(
    figure: string,
    range: FigureRange,
    rows: Row[],
    extra: Record<string, unknown> = {},
  ): FigureResult {
    return {
      figure,
      timeZone: this.calendar.timeZone,
      bucket: range.bucket,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      ...extra,
      rows,
    };
  }

  async messages(range: FigureRange): Promise<FigureResult> {
    const rows = (await this.repo.counters('messages-received', range, 0)).map((r) => ({
      start: r.start.toISOString(),
      local: this.calendar.localLabel(r.start),
      messages: r.n,
    }));
    return this.frame('messages', range, rows, { total: rows.reduce((n, r) => n + r.messages, 0) });
  }

  /** Questions per bucket and topic, with how each was handled. */
  async topics(range: FigureRange, language?: string): Promise<FigureResult> {
    const counters = await this.repo.counters('questions', range, 3);
    const byKey = new Map<
      string,
      Row & { questions: number; answered: number; handoff: number; notUnderstood: number }
    >();
    for (const c of counters) {
      if (!QUESTION_OUTCOMES.has(c.k3) || (language && c.k2 !== language)) continue;
      const topic = c.k1 || NO_TOPIC;
      const key = `${c.start.toISOString()}\u0000${topic}`;
      let row = byKey.get(key);
      if (!row)
        byKey.set(
          key,
          (row = {
            start: c.start.toISOString(),
            local: this.calendar.localLabel(c.start),
            topic,
            questions: 0,
            answered: 0,
            handoff: 0,
            notUnderstood: 0,
          }),
        );
      row.questions += c.n;
      if (c.k3 === 'answered') row.answered += c.n;
      else if (c.k3 === 'handoff') row.handoff += c.n;
      else row.notUnderstood += c.n;
    }
    const rows = [...byKey.values()];
    const totals = new Map<string, number>();
    for (const r of rows) totals.set(r.topic as string, (totals.get(r.topic as string) ?? 0) + r.questions);
    const topics = [...totals]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([topic, questions]) => ({ topic, questions }));
    return this.frame('topics', range, rows, { language: language ?? null, topics });
  }

  /** Per bucket: the share of questions the bot answered, sent to an operator, did not understand. */
  async answeredShare(range: FigureRange): Promise<FigureResult> {
    const counters = await this.repo.counters('questions', range, 3);
    const byStart = new Map<
      string,
      { start: Date; questions: number; answered: number; handoff: number; notUnderstood: number }
    >();
    for (const c of counters) {
      if (!QUESTION_OUTCOMES.has(c.k3)) continue;
      const key = c.start.toISOString();
      let b = byStart.get(key);
      if (!b)
        byStart.set(key, (b = { start: c.start, questions: 0, answered: 0, handoff: 0, notUnderstood: 0 }));
      b.questions += c.n;
      if (c.k3 === 'answered') b.answered += c.n;
      else if (c.k3 === 'handoff') b.handoff += c.n;
      else b.notUnderstood += c.n;
    }
    const rows = [...byStart.values()].map((b) => ({
      start: b.start.toISOString(),
      local: this.calendar.localLabel(b.start),
      questions: b.questions,
      answered: b.answered,
      handoff: b.handoff,
      notUnderstood: b.notUnderstood,
      answeredShare: share(b.answered, b.questions),
      handoffShare: share(b.handoff, b.questions),
      notUnderstoodShare: share(b.notUnderstood, b.questions),
    }));
    const sum = (k: 'questions' | 'answered' | 'handoff' | 'notUnderstood') =>
      rows.reduce((n, r) => n + r[k], 0);
    const total = {
      questions: sum('questions'),
      answered: sum('answered'),
      handoff: sum('handoff'),
      notUnderstood: sum('notUnderstood'),
    };
    return this.frame('answered-share', range, rows, {
      total: {
        ...total,
        answeredShare: share(total.answered, total.questions),
        handoffShare: share(total.handoff, total.questions),
        notUnderstoodShare: share(total.notUnderstood, total.questions),
      },
    });
  }

  async notUnderstood(range: FigureRange, limit: number): Promise<FigureResult> {
    return this.frame('not-understood', range, await this.repo.notUnderstood(range, limit));
  }

  /** The editors' not-understood inbox: what nobody has filed under a topic or dismissed yet. */
  async notUnderstoodInbox(range: FigureRange, limit: number): Promise<FigureResult> {
    const rows = (await this.repo.notUnderstoodInbox(range, limit)).map((r) => ({
      text: r.text,
      count: r.count,
      lastAsked: r.lastAsked.toISOString(),
      lastAskedLocal: this.calendar.localLabel(r.lastAsked),
    }));
    return this.frame('not-understood-inbox', range, rows);
  }

  /** Drill-down from a topic: the questions citizens asked that the bot took for it, most asked first. */
  async topicQuestions(range: FigureRange, topic: string, limit: number): Promise<FigureResult> {
    const grouped = await this.repo.topicQuestions(range, topic === NO_TOPIC ? null : topic);
    const rows = questionsOfTopic(grouped, limit);
    return this.frame('topic-questions', range, rows, {
      topic,
      questions: rows.reduce((n, r) => n + r.questions, 0),
    });
  }

  /** Per bucket, department and operator: sessions queued, average wait, first reply, handling time, rating. */
  async handoff(range: FigureRange, department?: string): Promise<FigureResult> {
    const rows = (await this.repo.handoffPanel(range, department))
      .sort(
        (a, b) =>
          a.start.getTime() - b.start.getTime() ||
          a.department.localeCompare(b.department) ||
          a.operatorId.localeCompare(b.operatorId),
      )
      .map((a) => ({
        start: a.start.toISOString(),
        local: this.calendar.localLabel(a.start),
        department: a.department,
        operator: a.operatorId || null,
        operatorName: a.operatorName,
        queued: a.queued,
        unanswered: a.unanswered,
        assigned: a.assigned,
        averageWaitSeconds: average(a.waitSeconds, a.assigned),
        firstReplies: a.firstReplies,
        averageFirstReplySeconds: average(a.firstReplySeconds, a.firstReplies),
        handled: a.handled,
        averageHandlingSeconds: average(a.handlingSeconds, a.handled),
        ratings: a.ratings,
        averageRating: average(a.ratingSum, a.ratings),
      }));
    return this.frame('handoff', range, rows, { department: department ?? null });
  }

  /**
   * Reports filed per bucket by department and category (where they were filed), and, whatever the
   * range, how many reports are in each status now per category (where they are now).
   */
  async reports(range: FigureRange, department?: string): Promise<FigureResult> {
    const [filed, statusNow] = await Promise.all([
      this.repo.counters('reports-filed', range, 2, department),
      this.reportStatusRows(department),
    ]);
    const rows = filed.map((r) => ({
      start: r.start.toISOString(),
      local: this.calendar.localLabel(r.start),
      department: r.k1,
      category: r.k2,
      filed: r.n,
    }));
    const byCategory = new Map<string, number>();
    for (const r of rows) byCategory.set(r.category, (byCategory.get(r.category) ?? 0) + r.filed);
    const filedByCategory = [...byCategory]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([category, n]) => ({ category, filed: n }));
    return this.frame('reports', range, rows, {
      department: department ?? null,
      filed: rows.reduce((n, r) => n + r.filed, 0),
      filedByCategory,
      statusNow,
    });
  }

  /** How many reports are in each status now, one row per category (open = received + in progress). */
  async reportStatus(department?: string): Promise<FigureResult> {
    return {
      figure: 'report-status',
      timeZone: this.calendar.timeZone,
      department: department ?? null,
      rows: await this.reportStatusRows(department),
    };
  }

  private async reportStatusRows(department?: string): Promise<Row[]> {
    const byCategory = new Map<string, Record<string, number>>();
    for (const r of await this.repo.reportStatusNow(department)) {
      let counts = byCategory.get(r.category);
      if (!counts)
        byCategory.set(r.category, (counts = Object.fromEntries(REPORT_STATUSES.map((s) => [s, 0]))));
      counts[r.status] = (counts[r.status] ?? 0) + r.n;
    }
    return [...byCategory]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([category, counts]) => {
        const open = (counts['received'] ?? 0) + (counts['in-progress'] ?? 0);
        const total = Object.values(counts).reduce((n, v) => n + v, 0);
        return { category, ...counts, open, total };
      });
  }

  /** Per campaign: targeted → sent → delivered → seen, failures by reason, unsubscribes within 48 h. */
  async campaigns(range: FigureRange, department?: string): Promise<FigureResult> {
    const rows = (await this.repo.campaigns(range, department)).map((c) => ({
      campaignId: c.campaign_id,
      title: c.title,
      department: c.department,
      startedAt: c.started_at ? new Date(c.started_at).toISOString() : null,
      targeted: Number(c.targeted),
      sent: Number(c.sent),
      delivered: Number(c.delivered),
      seen: Number(c.seen),
      failed: Number(c.failed) + Number(c.delivery_failed),
      failedByReason:
        Object.entries(c.failures ?? {})
          .map(([reason, n]) => `${reason}: ${n}`)
          .join('; ') || null,
      unsubscribedAfter: Number(c.unsubscribed_after),
    }));
    return this.frame('campaigns', range, rows, { department: department ?? null });
  }

  /** Per bucket: new subscribers, unsubscribes, and the number subscribed at the bucket's end. */
  async subscribers(range: FigureRange): Promise<FigureResult> {
    const [subscribed, unsubscribed, newCitizens, subscribedBefore, unsubscribedBefore] = await Promise.all([
      this.repo.counters('subscribed', range, 0),
      this.repo.counters('unsubscribed', range, 0),
      this.repo.counters('new-citizens', range, 0),
      this.repo.totalBefore('subscribed', range),
      this.repo.totalBefore('unsubscribed', range),
    ]);
    const byStart = new Map<
      number,
      { start: Date; subscribed: number; unsubscribed: number; newCitizens: number }
    >();
    const at = (c: CounterRow) => {
      let b = byStart.get(c.start.getTime());
      if (!b)
        byStart.set(
          c.start.getTime(),
          (b = { start: c.start, subscribed: 0, unsubscribed: 0, newCitizens: 0 }),
        );
      return b;
    };
    for (const c of subscribed) at(c).subscribed += c.n;
    for (const c of unsubscribed) at(c).unsubscribed += c.n;
    for (const c of newCitizens) at(c).newCitizens += c.n;
    let total = subscribedBefore - unsubscribedBefore;
    const rows = [...byStart.values()]
      .sort((a, b) => a.start.getTime() - b.start.getTime())
      .map((b) => {
        total += b.subscribed - b.unsubscribed;
        return {
          start: b.start.toISOString(),
          local: this.calendar.localLabel(b.start),
          subscribed: b.subscribed,
          unsubscribed: b.unsubscribed,
          subscribers: total,
          newCitizens: b.newCitizens,
        };
      });
    return this.frame('subscribers', range, rows, {
      subscribersBefore: subscribedBefore - unsubscribedBefore,
    });
  }

  async newCitizens(range: FigureRange): Promise<FigureResult> {
    const rows = (await this.repo.counters('new-citizens', range, 0)).map((r) => ({
      start: r.start.toISOString(),
      local: this.calendar.localLabel(r.start),
      newCitizens: r.n,
    }));
    return this.frame('new-citizens', range, rows);
  }

  /** "First hour: N questions, M answered, top topics", from the first question (or `launchAt`). */
  async launchReport(launchAt?: Date, hours = 1): Promise<FigureResult> {
    const from = launchAt ?? (await this.repo.firstQuestionAt());
    if (!from)
      return {
        figure: 'launch-report',
        timeZone: this.calendar.timeZone,
        launchAt: null,
        summary: 'No questions yet.',
        rows: [],
      };
    const to = new Date(from.getTime() + hours * 3600_000);
    const { groups, citizens } = await this.repo.questionsBetween(from, to);
    let questions = 0;
    let answered = 0;
    let handoff = 0;
    let notUnderstood = 0;
    const byTopic = new Map<string, number>();
    for (const g of groups) {
      if (!QUESTION_OUTCOMES.has(g.outcome)) continue;
      questions += g.n;
      if (g.outcome === 'answered') answered += g.n;
      else if (g.outcome === 'handoff') handoff += g.n;
      else notUnderstood += g.n;
      if (g.topic) byTopic.set(g.topic, (byTopic.get(g.topic) ?? 0) + g.n);
    }
    const topTopics = [...byTopic]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 5)
      .map(([topic, n]) => ({ topic, questions: n }));
    const period = hours === 1 ? 'First hour' : `First ${hours} hours`;
    const summary = `${period}: ${questions} questions from ${citizens} citizens, ${answered} answered by the bot, ${handoff} sent to an operator, ${notUnderstood} not understood. Top topics: ${topTopics.map((t) => `${t.topic} (${t.questions})`).join(', ') || 'none'}.`;
    return {
      figure: 'launch-report',
      timeZone: this.calendar.timeZone,
      launchAt: from.toISOString(),
      launchAtLocal: this.calendar.localLabel(from),
      until: to.toISOString(),
      questions,
      answered,
      handoff,
      notUnderstood,
      citizens,
      answeredShare: share(answered, questions),
      topTopics,
      summary,
      rows: [
        { measure: 'questions', value: questions },
        { measure: 'answered', value: answered },
        { measure: 'handoff', value: handoff },
        { measure: 'not understood', value: notUnderstood },
        { measure: 'citizens', value: citizens },
        ...topTopics.map((t) => ({ measure: `topic ${t.topic}`, value: t.questions })),
      ],
    };
  }
}
