import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of handoff sessions (kept in step with the `handoff-session-*` streams in the same
 * transaction), operators' availability, and each citizen's recent conversation with the bot.
 */
export class HandoffSessions1732700000000 implements MigrationInterface {
  name = 'HandoffSessions1732700000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE handoff_sessions (
      id text PRIMARY KEY,
      citizen_id text NOT NULL,
      citizen_name text,
      department text NOT NULL,
      topic text,
      language text NOT NULL,
      status text NOT NULL CHECK (status IN ('waiting', 'active', 'closed')),
      operator_id text,
      operator_name text,
      outside_office_hours boolean NOT NULL DEFAULT false,
      requested_text text,
      preview text,
      queued_at timestamptz NOT NULL,
      assigned_at timestamptz,
      first_reply_at timestamptz,
      last_activity_at timestamptz NOT NULL,
      ended_at timestamptz,
      ended_by text,
      resolution text,
      rating int,
      version int NOT NULL
    )`);
    await q.query('CREATE INDEX handoff_sessions_queue ON handoff_sessions (status, department, queued_at)');
    await q.query(
      `CREATE INDEX handoff_sessions_operator ON handoff_sessions (operator_id) WHERE status = 'active'`,
    );
    // A citizen has one open session at a time; the bot stays silent while it lasts.
    await q.query(
      `CREATE UNIQUE INDEX handoff_sessions_one_open_per_citizen ON handoff_sessions (citizen_id) WHERE status IN ('waiting', 'active')`,
    );
    await q.query('CREATE INDEX handoff_sessions_by_citizen ON handoff_sessions (citizen_id, ended_at DESC)');
    await q.query(`CREATE TABLE handoff_operator_availability (
      operator_id text PRIMARY KEY,
      available boolean NOT NULL,
      changed_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE handoff_citizen_history (
      id bigserial PRIMARY KEY,
      event_id text NOT NULL UNIQUE,
      citizen_id text NOT NULL,
      at timestamptz NOT NULL,
      author text NOT NULL CHECK (author IN ('citizen', 'bot')),
      kind text NOT NULL,
      text text,
      media_url text,
      lat double precision,
      lon double precision
    )`);
    await q.query(
      'CREATE INDEX handoff_citizen_history_by_citizen ON handoff_citizen_history (citizen_id, at DESC)',
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE handoff_citizen_history');
    await q.query('DROP TABLE handoff_operator_availability');
    await q.query('DROP TABLE handoff_sessions');
  }
}
