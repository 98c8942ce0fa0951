import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMessagesPerHour1732500000100 implements MigrationInterface {
  name = 'CreateMessagesPerHour1732500000100';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS messages_per_hour (
      hour timestamptz PRIMARY KEY,
      messages bigint NOT NULL DEFAULT 0
    )`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS messages_per_hour');
  }
}

/**
 * analytics_events is the service's own append-only copy of every event it projects (JetStream keeps
 * events only NATS_STREAM_MAX_AGE_DAYS); every other table is a projection that a rebuild truncates
 * and refills from it. `position` is the order events were first projected in, which a rebuild replays.
 */
export class CreateAnalyticsProjections1732500000600 implements MigrationInterface {
  name = 'CreateAnalyticsProjections1732500000600';
  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS messages_per_hour');
    await q.query(`CREATE TABLE IF NOT EXISTS analytics_events (
      position bigserial UNIQUE,
      id uuid PRIMARY KEY,
      type text NOT NULL,
      occurred_at timestamptz NOT NULL,
      citizen_id text,
      envelope jsonb NOT NULL
    )`);
    await q.query(
      'CREATE INDEX IF NOT EXISTS analytics_events_type_time ON analytics_events (type, occurred_at)',
    );
    await q.query(
      'CREATE INDEX IF NOT EXISTS analytics_events_citizen ON analytics_events (citizen_id) WHERE citizen_id IS NOT NULL',
    );
    // One table of counters for every bucketed figure: `figure` names it, k1..k3 are its dimensions
    // ('' when unused), n counts and s sums (seconds, ratings) so that averages are s / n.
    for (const [table, bucket] of [
      ['counts_hourly', 'hour timestamptz'],
      ['counts_daily', 'day date'],
    ]) {
      await q.query(`CREATE TABLE IF NOT EXISTS ${table} (
        figure text NOT NULL,
        ${bucket} NOT NULL,
        k1 text NOT NULL DEFAULT '',
        k2 text NOT NULL DEFAULT '',
        k3 text NOT NULL DEFAULT '',
        n bigint NOT NULL DEFAULT 0,
        s double precision NOT NULL DEFAULT 0,
        PRIMARY KEY (figure, ${bucket.split(' ')[0]}, k1, k2, k3)
      )`);
    }
    await q.query(`CREATE TABLE IF NOT EXISTS citizens (
      citizen_id text PRIMARY KEY,
      first_seen_at timestamptz,
      subscribed boolean NOT NULL DEFAULT false,
      state_at timestamptz,
      last_campaign_id text,
      last_campaign_at timestamptz
    )`);
    await q.query(`CREATE TABLE IF NOT EXISTS not_understood (
      event_id uuid PRIMARY KEY,
      position bigint NOT NULL,
      citizen_id text NOT NULL,
      hour timestamptz NOT NULL,
      day date NOT NULL,
      normalised text NOT NULL
    )`);
    await q.query('CREATE INDEX IF NOT EXISTS not_understood_citizen ON not_understood (citizen_id)');
    await q.query(`CREATE TABLE IF NOT EXISTS handoff_sessions (
      session_id text PRIMARY KEY,
      department text NOT NULL,
      operator_id text,
      queued_at timestamptz,
      assigned_at timestamptz,
      first_reply_at timestamptz,
      ended_at timestamptz
    )`);
    await q.query('CREATE TABLE IF NOT EXISTS operators (operator_id text PRIMARY KEY, name text NOT NULL)');
    await q.query(`CREATE TABLE IF NOT EXISTS campaigns (
      campaign_id text PRIMARY KEY,
      department text,
      title text,
      created_at timestamptz,
      started_at timestamptz,
      targeted bigint NOT NULL DEFAULT 0,
      planned bigint NOT NULL DEFAULT 0,
      sent bigint NOT NULL DEFAULT 0,
      failed bigint NOT NULL DEFAULT 0,
      delivered bigint NOT NULL DEFAULT 0,
      seen bigint NOT NULL DEFAULT 0,
      delivery_failed bigint NOT NULL DEFAULT 0,
      unsubscribed_after bigint NOT NULL DEFAULT 0
    )`);
    await q.query('CREATE INDEX IF NOT EXISTS campaigns_started ON campaigns (started_at)');
    await q.query(`CREATE TABLE IF NOT EXISTS campaign_failures (
      campaign_id text NOT NULL, reason text NOT NULL, n bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (campaign_id, reason)
    )`);
    await q.query(
      'CREATE TABLE IF NOT EXISTS campaign_messages (channel_message_id text PRIMARY KEY, campaign_id text NOT NULL)',
    );
  }
  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'campaign_messages',
      'campaign_failures',
      'campaigns',
      'operators',
      'handoff_sessions',
      'not_understood',
      'citizens',
      'counts_daily',
      'counts_hourly',
      'analytics_events',
    ])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}

/**
 * Reports: where each report stands now (`reports`, the fold's state) and how many reports are in each
 * status per category and department now (`report_status_counts`). Reports filed per bucket are a
 * figure in counts_hourly / counts_daily.
 */
export class CreateReportProjections1732500000700 implements MigrationInterface {
  name = 'CreateReportProjections1732500000700';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS reports (
      report_id text PRIMARY KEY,
      category text NOT NULL,
      department text NOT NULL,
      status text NOT NULL,
      status_at timestamptz NOT NULL,
      placed_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE IF NOT EXISTS report_status_counts (
      category text NOT NULL,
      department text NOT NULL,
      status text NOT NULL,
      n bigint NOT NULL,
      PRIMARY KEY (category, department, status)
    )`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS report_status_counts');
    await q.query('DROP TABLE IF EXISTS reports');
  }
}

/**
 * The handoff panel pre-aggregated (`projections/handoff-panel.ts`): one row per bucket, department and
 * operator carrying every measure the panel shows, per UTC hour, local day and local week (its Monday),
 * so a panel over 12 weeks reads a few hundred rows instead of summing six figures' daily counters.
 * Existing counters are carried over, then the handoff figures leave counts_hourly / counts_daily.
 */
export class CreateHandoffPanel1732500000800 implements MigrationInterface {
  name = 'CreateHandoffPanel1732500000800';
  async up(q: QueryRunner): Promise<void> {
    const measures = `queued bigint NOT NULL DEFAULT 0, unanswered bigint NOT NULL DEFAULT 0,
      assigned bigint NOT NULL DEFAULT 0, wait_s double precision NOT NULL DEFAULT 0,
      first_replies bigint NOT NULL DEFAULT 0, first_reply_s double precision NOT NULL DEFAULT 0,
      handled bigint NOT NULL DEFAULT 0, handling_s double precision NOT NULL DEFAULT 0,
      ratings bigint NOT NULL DEFAULT 0, rating_sum double precision NOT NULL DEFAULT 0`;
    // From the counters: queued and unanswered on the department's line (operator ''), the rest on the operator's.
    const carried = `CASE WHEN figure IN ('handoff-queued', 'handoff-ended') THEN '' ELSE k2 END,
      COALESCE(sum(n) FILTER (WHERE figure = 'handoff-queued'), 0),
      COALESCE(sum(n) FILTER (WHERE figure = 'handoff-ended'), 0),
      COALESCE(sum(n) FILTER (WHERE figure = 'handoff-wait'), 0),
      COALESCE(sum(s) FILTER (WHERE figure = 'handoff-wait'), 0),
      COALESCE(sum(n) FILTER (WHERE figure = 'handoff-first-reply'), 0),
      COALESCE(sum(s) FILTER (WHERE figure = 'handoff-first-reply'), 0),
      COALESCE(sum(n) FILTER (WHERE figure = 'handoff-handling'), 0),
      COALESCE(sum(s) FILTER (WHERE figure = 'handoff-handling'), 0),
      COALESCE(sum(n) FILTER (WHERE figure = 'handoff-rating'), 0),
      COALESCE(sum(s) FILTER (WHERE figure = 'handoff-rating'), 0)`;
    const handoffCounters = `figure IN ('handoff-queued', 'handoff-wait', 'handoff-first-reply', 'handoff-handling', 'handoff-rating')
      OR (figure = 'handoff-ended' AND k3 = 'unanswered')`;
    for (const [table, bucket, source, from] of [
      ['handoff_hourly', 'hour timestamptz', 'hour', 'counts_hourly'],
      ['handoff_daily', 'day date', 'day', 'counts_daily'],
      ['handoff_weekly', 'week date', `date_trunc('week', day::timestamp)::date`, 'counts_daily'],
    ]) {
      const column = bucket.split(' ')[0];
      await q.query(`CREATE TABLE IF NOT EXISTS ${table} (
        ${bucket} NOT NULL,
        department text NOT NULL,
        operator_id text NOT NULL,
        ${measures},
        PRIMARY KEY (${column}, department, operator_id)
      )`);
      await q.query(`CREATE INDEX IF NOT EXISTS ${table}_department ON ${table} (department, ${column})`);
      await q.query(`INSERT INTO ${table} SELECT ${source}, k1, ${carried} FROM ${from}
        WHERE ${handoffCounters} GROUP BY 1, 2, 3 ON CONFLICT DO NOTHING`);
    }
    await q.query(`DELETE FROM counts_hourly WHERE figure LIKE 'handoff-%'`);
    await q.query(`DELETE FROM counts_daily WHERE figure LIKE 'handoff-%'`);
  }
  async down(q: QueryRunner): Promise<void> {
    // The counters come back with the next rebuild (npm run analytics:rebuild).
    for (const t of ['handoff_weekly', 'handoff_daily', 'handoff_hourly'])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}

/**
 * The questions editors took off the not-understood inbox (NotUnderstoodDismissed): per normalised text,
 * the analytics position of the latest dismissal. What was asked before it is out of the inbox; the same
 * question asked after it comes back. A projection like the others: a rebuild replays the dismissals.
 */
export class CreateNotUnderstoodDismissals1764500000100 implements MigrationInterface {
  name = 'CreateNotUnderstoodDismissals1764500000100';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS not_understood_dismissals (
      normalised text PRIMARY KEY,
      position bigint NOT NULL,
      dismissed_at timestamptz NOT NULL,
      topic text
    )`);
    await q.query('CREATE INDEX IF NOT EXISTS not_understood_text ON not_understood (normalised, position)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS not_understood_text');
    await q.query('DROP TABLE IF EXISTS not_understood_dismissals');
  }
}

/**
 * An event copy that still holds a text or a sealed blob: what the retention job blanks
 * (retention/analytics-retention.ts), and the predicate of its partial index.
 */
export const COPY_HOLDS_TEXT = `(envelope ? 'sealed' OR envelope->'data' ?| array['text', 'citizenName', 'question']
  OR envelope #> '{data,message}' ? 'text' OR envelope #> '{data,citizen}' ? 'name')`;

/**
 * The event copies that still hold what a citizen wrote (or its sealed blob), by age: the retention job
 * (QUESTION_TEXT_RETENTION_DAYS) blanks them when they are old, and finds them through this index
 * rather than reading years of copies every hour. The predicate is COPY_HOLDS_TEXT's.
 */
export class AnalyticsTextRetention1764700000100 implements MigrationInterface {
  name = 'AnalyticsTextRetention1764700000100';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS analytics_events_texts ON analytics_events (occurred_at)
      WHERE ${COPY_HOLDS_TEXT}`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS analytics_events_texts');
  }
}

/** The projection tables a rebuild empties (everything but analytics_events). */
export const PROJECTION_TABLES = [
  'counts_hourly',
  'counts_daily',
  'citizens',
  'not_understood',
  'handoff_sessions',
  'operators',
  'campaigns',
  'campaign_failures',
  'campaign_messages',
  'reports',
  'report_status_counts',
  'handoff_hourly',
  'handoff_daily',
  'handoff_weekly',
  'not_understood_dismissals',
] as const;

export const analyticsMigrations = [
  CreateMessagesPerHour1732500000100,
  CreateAnalyticsProjections1732500000600,
  CreateReportProjections1732500000700,
  CreateHandoffPanel1732500000800,
  CreateNotUnderstoodDismissals1764500000100,
  AnalyticsTextRetention1764700000100,
];
