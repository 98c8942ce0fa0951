import { MigrationInterface, QueryRunner } from 'typeorm';

/** The token bucket that every gateway replica draws from before calling Viber. */
export class CreateRateBudget1732500000000 implements MigrationInterface {
  name = 'CreateRateBudget1732500000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS rate_budget (
      name text PRIMARY KEY,
      tokens double precision NOT NULL,
      refilled_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS rate_budget');
  }
}

export const gatewayMigrations = [CreateRateBudget1732500000000];
