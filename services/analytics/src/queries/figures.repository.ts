import { Envelope, ERASED } from '@citizen-desk/contracts';
import { DataSource } from 'typeorm';
import type { Figure } from '../projections/figure-counters';
import {
  HANDOFF_PANEL_COLUMNS,
  HANDOFF_PANEL_MEASURES,
  HandoffPanelMeasures,
} from '../projections/handoff-panel';
import { FigureRange } from './figure-range';

/** The most recent question events a topic's drill-down reads (the range's newest first). */
const TOPIC_QUESTIONS_SCANNED = 20_000;

export interface CounterRow {
  start: Date;
  k1: string;
  k2: string;
  k3: string;
  n: number;
  s: number;
}

/** One line of the handoff panel: a bucket, department and operator ('' for queued and unanswered). */
export interface HandoffPanelRow extends HandoffPanelMeasures {
  start: Date;
  department: string;
  operatorId: string;
  operatorName: string | null;
}

export interface ReportStatusRow {
  category: string;
  department: string;
  status: string;
  n: number;
}

export interface CampaignRow {
  campaign_id: string;
  department: string | null;
  title: string | null;
  started_at: Date | null;
  created_at: Date | null;
  targeted: string;
  planned: string;
  sent: string;
  failed: string;
  delivered: string;
  seen: string;
  delivery_failed: string;
  unsubscribed_after: string;
  failures: Record<string, number> | null;
}

/** Reads of the pre-aggregated tables; every query is an index range scan over one figure. */
export class FiguresRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly timeZone: string,
    /** Opens the citizens' sealed fields of stored envelopes (crypto-shredding); a forgotten one reads erased. */
    private readonly open: (envelopes: Envelope[]) => Promise<Envelope[]> = async (e) => e,
  ) {}

  /** Sums of a figure per bucket, grouped by its first `dims` dimensions, optionally filtered on k1. */
  async counters(
    figure: Figure,
    range: FigureRange,
    dims: 0 | 1 | 2 | 3,
    k1?: string,
  ): Promise<CounterRow[]> {
    const keys = ['k1', 'k2', 'k3'].map((k, i) => (i < dims ? k : `''::text AS ${k}`)).join(', ');
    const groupKeys = ['k1', 'k2', 'k3']
      .slice(0, dims)
      .map((k) => `, ${k}`)
      .join('');
    const filter = k1 === undefined ? '' : 'AND k1 = $5';
    let sql: string;
    let params: unknown[];
    if (range.bucket === 'hour') {
      sql = `SELECT hour AS start, ${keys}, sum(n)::float8 AS n, sum(s) AS s FROM counts_hourly
              WHERE figure = $1 AND hour >= $2 AND hour < $3 AND $4::text IS NOT NULL ${filter}
              GROUP BY hour${groupKeys} ORDER BY 1${groupKeys}`;
      params = [figure, range.from, range.to, this.timeZone];
    } else {
      const bucket = range.bucket === 'day' ? 'day' : `date_trunc('week', day::timestamp)::date`;
      sql = `SELECT (${bucket})::timestamp AT TIME ZONE $4 AS start, ${keys}, sum(n)::float8 AS n, sum(s) AS s FROM counts_daily
              WHERE figure = $1 AND day >= $2::date AND day <= $3::date ${filter}
              GROUP BY ${bucket}${groupKeys} ORDER BY 1${groupKeys}`;
      params = [figure, range.firstDay, range.lastDay, this.timeZone];
    }
    if (k1 !== undefined) params.push(k1);
    const rows: CounterRow[] = await this.dataSource.query(sql, params);
    return rows.map((r) => ({
      start: new Date(r.start),
      k1: r.k1,
      k2: r.k2,
      k3: r.k3,
      n: Number(r.n),
      s: Number(r.s),
    }));
  }

  /**
   * The handoff panel's lines in the range (one row each per bucket, department and operator in
   * handoff_hourly / handoff_daily / handoff_weekly), with the operator's name. Every number comes as
   * float8 (the bucket's start in epoch milliseconds), which the driver parses fastest.
   */
  async handoffPanel(range: FigureRange, department?: string): Promise<HandoffPanelRow[]> {
    const measures = HANDOFF_PANEL_MEASURES.map((m) => `h.${HANDOFF_PANEL_COLUMNS[m]}::float8 AS "${m}"`);
    let table: string;
    let start: string;
    let within: string;
    let params: unknown[];
    if (range.bucket === 'hour') {
      [table, start, within] = ['handoff_hourly', 'h.hour', 'h.hour >= $1 AND h.hour < $2'];
      params = [range.from, range.to];
    } else {
      const bucket = range.bucket;
      table = bucket === 'day' ? 'handoff_daily' : 'handoff_weekly';
      start = `h.${bucket}::timestamp AT TIME ZONE $3::text`;
      within = `h.${bucket} >= $1::date AND h.${bucket} <= $2::date`;
      params = [range.firstDay, range.lastDay, this.timeZone];
    }
    if (department !== undefined) {
      params.push(department);
      within += ` AND h.department = $${params.length}`;
    }
    const rows: Array<Omit<HandoffPanelRow, 'start'> & { start: number }> = await this.dataSource.query(
      `SELECT (extract(epoch FROM ${start}) * 1000)::float8 AS start, h.department, h.operator_id AS "operatorId",
              o.name AS "operatorName", ${measures.join(', ')}
         FROM ${table} h LEFT JOIN operators o ON o.operator_id = h.operator_id AND h.operator_id <> ''
        WHERE ${within}`,
      params,
    );
    return rows.map((r) => ({
      start: new Date(r.start),
      department: r.department,
      operatorId: r.operatorId,
      operatorName: r.operatorName,
      queued: r.queued,
      unanswered: r.unanswered,
      assigned: r.assigned,
      waitSeconds: r.waitSeconds,
      firstReplies: r.firstReplies,
      firstReplySeconds: r.firstReplySeconds,
      handled: r.handled,
      handlingSeconds: r.handlingSeconds,
      ratings: r.ratings,
      ratingSum: r.ratingSum,
    }));
  }

  /** How many reports are in each status now, per category and department. */
  async reportStatusNow(department?: string): Promise<ReportStatusRow[]> {
    const rows: Array<{ category: string; department: string; status: string; n: string }> =
      await this.dataSource.query(
        `SELECT category, department, status, n FROM report_status_counts WHERE n <> 0 ${department === undefined ? '' : 'AND department = $1'}
        ORDER BY category, department, status`,
        department === undefined ? [] : [department],
      );
    return rows.map((r) => ({ ...r, n: Number(r.n) }));
  }

  /** The total of a figure over everything before the range (for running totals such as subscribers). */
  async totalBefore(figure: Figure, range: FigureRange): Promise<number> {
    const [row]: Array<{ n: string | null }> =
      range.bucket === 'hour'
        ? await this.dataSource.query(
            'SELECT sum(n) AS n FROM counts_hourly WHERE figure = $1 AND hour < $2',
            [figure, range.from],
          )
        : await this.dataSource.query(
            'SELECT sum(n) AS n FROM counts_daily WHERE figure = $1 AND day < $2::date',
            [figure, range.firstDay],
          );
    return Number(row?.n ?? 0);
  }

  async notUnderstood(range: FigureRange, limit: number): Promise<Array<{ text: string; count: number }>> {
    const rows: Array<{ text: string; count: string }> =
      range.bucket === 'hour'
        ? await this.dataSource.query(
            `SELECT k1 AS text, sum(n) AS count FROM counts_hourly WHERE figure = 'not-understood' AND hour >= $1 AND hour < $2
              GROUP BY k1 HAVING sum(n) > 0 ORDER BY 2 DESC, 1 LIMIT $3`,
            [range.from, range.to, limit],
          )
        : await this.dataSource.query(
            `SELECT k1 AS text, sum(n) AS count FROM counts_daily WHERE figure = 'not-understood' AND day >= $1::date AND day <= $2::date
              GROUP BY k1 HAVING sum(n) > 0 ORDER BY 2 DESC, 1 LIMIT $3`,
            [range.firstDay, range.lastDay, limit],
          );
    return rows.map((r) => ({ text: r.text, count: Number(r.count) }));
  }

  /**
   * The editors' inbox: questions not understood in the range, by normalised text, without what an
   * editor took off the inbox (asked before the text's latest dismissal). Most asked first.
   */
  async notUnderstoodInbox(
    range: FigureRange,
    limit: number,
  ): Promise<Array<{ text: string; count: number; lastAsked: Date }>> {
    const rows: Array<{ text: string; count: string; last_asked: Date }> = await this.dataSource.query(
      `SELECT n.normalised AS text, count(*) AS count, max(n.hour) AS last_asked
         FROM not_understood n LEFT JOIN not_understood_dismissals d ON d.normalised = n.normalised
        WHERE n.hour >= date_trunc('hour', $1::timestamptz) AND n.hour < $2
          AND (d.position IS NULL OR n.position > d.position)
        GROUP BY n.normalised ORDER BY 2 DESC, 1 LIMIT $3`,
      [range.from, range.to, limit],
    );
    return rows.map((r) => ({ text: r.text, count: Number(r.count), lastAsked: new Date(r.last_asked) }));
  }

  /**
   * What citizens asked that the bot took for `topic` (null: no topic) in the range, from the event copy
   * (texts of citizens who asked to be forgotten are gone from it), by text and outcome. Only questions:
   * the texts of a report flow (descriptions, places) are no question and stay out.
   */
  async topicQuestions(
    range: FigureRange,
    topic: string | null,
  ): Promise<Array<{ text: string; outcome: string; n: number }>> {
    // The question's text is sealed under the citizen's key in the event copy, so it is opened here
    // (one key lookup for the lot) and counted in the service; outcome and topic are in clear.
    const rows: Array<{ envelope: Envelope }> = await this.dataSource.query(
      `SELECT envelope FROM analytics_events
        WHERE type = 'BotReplied' AND occurred_at >= $1 AND occurred_at < $2
          AND envelope->'data'->>'text' IS NOT NULL
          AND envelope->'data'->>'outcome' IN ('answered', 'handoff', 'not-understood')
          AND ($3::text IS NULL AND envelope->'data'->>'topic' IS NULL OR envelope->'data'->>'topic' = $3)
        ORDER BY occurred_at DESC LIMIT $4`,
      [range.from, range.to, topic, TOPIC_QUESTIONS_SCANNED],
    );
    const opened = await this.open(rows.map((r) => r.envelope));
    const counts = new Map<string, { text: string; outcome: string; n: number }>();
    for (const e of opened) {
      const { text, outcome } = e.data as { text?: string; outcome: string };
      if (!text || text === ERASED) continue;
      const key = `${outcome}\u0000${text}`;
      const row = counts.get(key);
      if (row) row.n += 1;
      else counts.set(key, { text, outcome, n: 1 });
    }
    return [...counts.values()];
  }

  /** Campaigns started (or, not yet started, created) within the range. */
  async campaigns(range: FigureRange, department?: string): Promise<CampaignRow[]> {
    return this.dataSource.query(
      `SELECT c.*, (SELECT jsonb_object_agg(reason, n) FROM campaign_failures f WHERE f.campaign_id = c.campaign_id) AS failures
         FROM campaigns c
        WHERE COALESCE(c.started_at, c.created_at) >= $1 AND COALESCE(c.started_at, c.created_at) < $2
          AND ($3::text IS NULL OR c.department = $3)
        ORDER BY COALESCE(c.started_at, c.created_at) DESC LIMIT 200`,
      [range.from, range.to, department ?? null],
    );
  }

  /** When the first question was answered: the platform's launch, unless the caller names another. */
  async firstQuestionAt(): Promise<Date | null> {
    const [row]: Array<{ at: Date | null }> = await this.dataSource.query(
      `SELECT min(occurred_at) AS at FROM analytics_events WHERE type = 'BotReplied'`,
    );
    return row?.at ? new Date(row.at) : null;
  }

  /**
   * Questions by topic and outcome in one short window, from the event copy itself (exact to the
   * second), and how many citizens asked anything in it: one scan of the window for both.
   */
  async questionsBetween(
    from: Date,
    to: Date,
  ): Promise<{ groups: Array<{ topic: string | null; outcome: string; n: number }>; citizens: number }> {
    const rows: Array<{ topic: string | null; outcome: string; n: string; citizens: string; all: number }> =
      await this.dataSource.query(
        `SELECT topic, outcome, count(*) AS n, count(DISTINCT citizen_id) AS citizens, GROUPING(topic, outcome) AS "all"
           FROM (SELECT envelope->'data'->>'topic' AS topic, envelope->'data'->>'outcome' AS outcome, citizen_id
                   FROM analytics_events WHERE type = 'BotReplied' AND occurred_at >= $1 AND occurred_at < $2) e
          GROUP BY GROUPING SETS ((topic, outcome), ())`,
        [from, to],
      );
    const groups = rows
      .filter((r) => r.all === 0)
      .map((r) => ({ topic: r.topic, outcome: r.outcome, n: Number(r.n) }));
    return { groups, citizens: Number(rows.find((r) => r.all !== 0)?.citizens ?? 0) };
  }
}
