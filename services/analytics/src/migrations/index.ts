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
] as const;

export const analyticsMigrations = [
  CreateMessagesPerHour1732500000100,
  CreateAnalyticsProjections1732500000600,
  CreateReportProjections1732500000700,
];
