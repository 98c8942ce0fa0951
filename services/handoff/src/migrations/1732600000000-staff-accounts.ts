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
