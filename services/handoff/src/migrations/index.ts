import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read model of staff accounts, kept in step with the `staff-*` streams in the same transaction.
 * `failed_logins` and `locked_until` are operational counters, not events: a burst of wrong
 * passwords should not grow the account's history.
 */
export class StaffAccounts1732600000000 implements MigrationInterface {
  name = 'StaffAccounts1732600000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE staff_accounts (
      id text PRIMARY KEY,
      email text NOT NULL CONSTRAINT staff_accounts_email_unique UNIQUE CHECK (email = lower(email)),
      name text NOT NULL,
      password_hash text NOT NULL,
      roles text[] NOT NULL DEFAULT '{}',
      departments text[] NOT NULL DEFAULT '{}',
      active boolean NOT NULL DEFAULT true,
      failed_logins int NOT NULL DEFAULT 0,
      locked_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE staff_accounts');
  }
}

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

/**
 * Citizen reports: the read model of the `report-*` streams (kept in step in the same transaction),
 * the per-year reference counters, and the configurable categories.
 */
export class CitizenReports1732800000000 implements MigrationInterface {
  name = 'CitizenReports1732800000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE report_categories (
      code text PRIMARY KEY,
      position int NOT NULL,
      definition jsonb NOT NULL
    )`);
    await q.query(`CREATE TABLE report_reference_counters (year int PRIMARY KEY, last int NOT NULL)`);
    await q.query(`CREATE TABLE reports (
      reference text PRIMARY KEY,
      submission_id text NOT NULL CONSTRAINT reports_submission_unique UNIQUE,
      category text NOT NULL,
      department text NOT NULL,
      status text NOT NULL,
      description text NOT NULL,
      lat double precision,
      lon double precision,
      address text,
      photo_url text,
      citizen_id text,
      language text NOT NULL,
      channel text NOT NULL,
      note text,
      duplicate_of text,
      filed_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    await q.query('CREATE INDEX reports_filter ON reports (department, status, filed_at DESC)');
    await q.query(
      'CREATE INDEX reports_citizen ON reports (citizen_id, filed_at DESC) WHERE citizen_id IS NOT NULL',
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE reports');
    await q.query('DROP TABLE report_reference_counters');
    await q.query('DROP TABLE report_categories');
  }
}

/**
 * Private reports: the citizen's consent to publication (and to the exact place), staff's approval,
 * and the photos the platform now keeps itself, in PostgreSQL (bytea): they are part of the report's
 * record, so they share its transaction, its backups and its access rules, and every replica reads
 * them without a shared volume. 10 MB at most each, deleted after the retention period (the report's
 * `photo_id` then clears by itself).
 */
export class PrivateReports1733100000000 implements MigrationInterface {
  name = 'PrivateReports1733100000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE report_photos (
      id uuid PRIMARY KEY,
      content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp', 'image/gif')),
      bytes int NOT NULL CHECK (bytes <= 10485760),
      data bytea NOT NULL,
      stored_at timestamptz NOT NULL
    )`);
    await q.query('CREATE INDEX report_photos_age ON report_photos (stored_at)');
    await q.query(`ALTER TABLE reports
      ADD COLUMN publish_consent boolean NOT NULL DEFAULT false,
      ADD COLUMN exact_location_consent boolean NOT NULL DEFAULT false,
      ADD COLUMN published boolean NOT NULL DEFAULT false,
      ADD COLUMN photo_id uuid REFERENCES report_photos (id) ON DELETE SET NULL,
      ADD COLUMN photo_rejected text`);
    await q.query(
      'CREATE INDEX reports_public ON reports (filed_at DESC) WHERE published AND publish_consent',
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX reports_public');
    await q.query(`ALTER TABLE reports DROP COLUMN publish_consent, DROP COLUMN exact_location_consent,
      DROP COLUMN published, DROP COLUMN photo_id, DROP COLUMN photo_rejected`);
    await q.query('DROP TABLE report_photos');
  }
}

/**
 * The sign-in limits shared by every handoff replica: attempts in the last minute per key (an address,
 * or `*` for everyone), and wrong-password counts per account and address. Operational counters, not
 * events, like staff_accounts.failed_logins.
 */
export class LoginThrottle1764600000000 implements MigrationInterface {
  name = 'LoginThrottle1764600000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE login_attempts (key text NOT NULL, at timestamptz NOT NULL)`);
    await q.query('CREATE INDEX login_attempts_key_at ON login_attempts (key, at)');
    await q.query(`CREATE TABLE login_failures (
      account_id text NOT NULL,
      client_ip text NOT NULL,
      failed_logins int NOT NULL,
      locked_until timestamptz,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (account_id, client_ip)
    )`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE login_failures');
    await q.query('DROP TABLE login_attempts');
  }
}

/**
 * Whether the holder must choose their own password before anything else: set when someone else chose
 * it (an admin creating the account or resetting its password), cleared when the holder changes it.
 */
export class StaffPasswordChange1733200000000 implements MigrationInterface {
  name = 'StaffPasswordChange1733200000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE staff_accounts ADD COLUMN must_change_password boolean NOT NULL DEFAULT false',
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE staff_accounts DROP COLUMN must_change_password');
  }
}

/**
 * When a staff account was deactivated (cleared when reactivated) and when its holder's personal data
 * was erased (STAFF_ACCOUNT_RETENTION_DAYS later): the retention job finds the accounts due by them.
 * Accounts deactivated before this migration take the time of their last deactivation event.
 */
export class StaffAccountErasure1764700000000 implements MigrationInterface {
  name = 'StaffAccountErasure1764700000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE staff_accounts ADD COLUMN deactivated_at timestamptz, ADD COLUMN erased_at timestamptz',
    );
    await q.query(`UPDATE staff_accounts a SET deactivated_at = (
        SELECT max(e.occurred_at) FROM events e
         WHERE e.stream_id = 'staff-' || a.id AND e.type = 'StaffAccountDeactivated')
      WHERE NOT a.active`);
    await q.query(
      'CREATE INDEX staff_accounts_deactivated ON staff_accounts (deactivated_at) WHERE erased_at IS NULL',
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX staff_accounts_deactivated');
    await q.query('ALTER TABLE staff_accounts DROP COLUMN deactivated_at, DROP COLUMN erased_at');
  }
}

export const handoffMigrations = [
  StaffAccounts1732600000000,
  HandoffSessions1732700000000,
  CitizenReports1732800000000,
  PrivateReports1733100000000,
  StaffPasswordChange1733200000000,
  LoginThrottle1764600000000,
  StaffAccountErasure1764700000000,
];
