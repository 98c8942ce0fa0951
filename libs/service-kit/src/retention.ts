import { counter } from '@citizen-desk/observability';
import { DataSource, EntityManager } from 'typeorm';

/** One kind of data a service keeps for a limited time. */
export interface RetentionRule {
  /** The kind, in logs and in the metric `citizen_desk_retention_deleted_total{kind}`. */
  kind: string;
  /**
   * Days a row of this kind is kept after the moment the rule counts from (a fraction for a technical
   * buffer that is no policy, e.g. an hour).
   */
  days: number;
  /**
   * Deletes what is older than `before` (a rule deletes only what is finished: a closed session, a
   * completed campaign's recipients …); how many rows went. Must be idempotent: a replica may run
   * it again, or after a crash half-way.
   */
  deleteOlderThan(manager: EntityManager, before: Date): Promise<number>;
}

/** The moment before which data of a rule is deleted. */
export function retentionCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

/**
 * The wait before the next run: the interval give or take 10 %, so that replicas (and services) that
 * started together do not all run at the same moment. `random` is in [0, 1).
 */
export function jitteredIntervalMs(intervalMs: number, random: number): number {
  return Math.round(intervalMs * (0.9 + 0.2 * random));
}

export interface RetentionJobOptions {
  dataSource: DataSource;
  /** The service's schema: names the advisory lock, so one replica of a service runs at a time. */
  schema: string;
  rules: RetentionRule[];
  intervalMs: number;
  logger: { info(o: object, m: string): void; warn(o: object, m: string): void };
  now?: () => Date;
  random?: () => number;
}

const deleted = counter('retention_deleted_total', 'Rows deleted by the retention job, per kind of data', [
  'kind',
]);

/**
 * Deletes each service's data past its retention, hourly (jittered). Safe with replicas: a run holds a
 * session advisory lock per schema and a replica that cannot take it skips its turn; every rule is
 * idempotent, so a run cut short is finished by the next one.
 */
export class RetentionJob {
  private readonly rules: RetentionRule[];
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;
  private readonly now: () => Date;
  private readonly random: () => number;

  constructor(private readonly opts: RetentionJobOptions) {
    this.rules = [...opts.rules];
    this.now = opts.now ?? (() => new Date());
    this.random = opts.random ?? Math.random;
  }

  /** A service's own kinds of data, next to the runtime's. */
  add(rule: RetentionRule): void {
    this.rules.push(rule);
  }

  get kinds(): string[] {
    return this.rules.map((r) => r.kind);
  }

  /** The first run comes at a random point of the first interval, then one every interval (jittered). */
  start(): void {
    this.schedule(Math.round(this.opts.intervalMs * this.random()));
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((e) => this.opts.logger.warn({ err: e }, 'retention run failed; retried at the next run'))
        .finally(() => this.schedule(jitteredIntervalMs(this.opts.intervalMs, this.random())));
    }, delayMs);
    this.timer.unref();
  }

  /**
   * One run over every rule; rows deleted per kind, or undefined when another replica holds the run.
   */
  async runOnce(): Promise<Record<string, number> | undefined> {
    const runner = this.opts.dataSource.createQueryRunner();
    await runner.connect();
    const key = `${this.opts.schema}:retention`;
    try {
      const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key]);
      if (!locked) return undefined;
      try {
        const counts: Record<string, number> = {};
        const now = this.now();
        for (const rule of this.rules) {
          if (this.stopped) break;
          const n = await rule.deleteOlderThan(runner.manager, retentionCutoff(now, rule.days));
          counts[rule.kind] = n;
          if (n > 0) {
            deleted.inc({ kind: rule.kind }, n);
            this.opts.logger.info(
              { kind: rule.kind, deleted: n, days: rule.days },
              'retention: deleted past retention',
            );
          }
        }
        return counts;
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
      }
    } finally {
      await runner.release();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }
}

/** How many rows a `DELETE … RETURNING` (or a plain DELETE through TypeORM's postgres driver) removed. */
export function affectedRows(result: unknown): number {
  // TypeORM's postgres driver answers a DELETE with [rows, count].
  if (Array.isArray(result) && typeof result[1] === 'number') return result[1];
  return Array.isArray(result) ? result.length : 0;
}

/**
 * A rule that is one statement: `statement` deletes (or, for a field, blanks) what is older than its
 * `$1`, the cutoff, and is idempotent by its WHERE clause.
 */
export function statementRule(kind: string, days: number, statement: string): RetentionRule {
  return {
    kind,
    days,
    deleteOlderThan: async (m, before) => affectedRows(await m.query(statement, [before])),
  };
}

/** Processed message ids: needed only while JetStream may still deliver the message again. */
export function processedMessagesRule(days: number): RetentionRule {
  return statementRule('processed-messages', days, 'DELETE FROM processed_messages WHERE processed_at < $1');
}

/**
 * The events of streams that are finished and whose last event is older than the cutoff: all of
 * them, as one stream is useless in part. `streamPrefix` picks the kind (e.g. `outbound-`).
 */
export function finishedStreamsRule(kind: string, days: number, streamPrefix: string): RetentionRule {
  return {
    kind,
    days,
    deleteOlderThan: async (m, before) =>
      affectedRows(
        await m.query(
          `DELETE FROM events WHERE stream_id IN (
             SELECT stream_id FROM events WHERE stream_id LIKE $1
             GROUP BY stream_id HAVING max(occurred_at) < $2)`,
          [`${streamPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, before],
        ),
      ),
  };
}
