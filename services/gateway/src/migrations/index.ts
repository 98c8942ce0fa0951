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

/**
 * Send intents: a row per Viber call begun, written before the call. Viber has no idempotency key, so a
 * process killed between the call and the record of its answer leaves only this row to say that the
 * call may have happened (an "uncertain send"). A citizen's message is keyed by its command, a
 * broadcast batch by the batch (a re-issued batch comes under a new command id). The outcome itself is
 * the command's processed id and outcome event; rows are dropped after the stream's retention.
 */
export class CreateSendIntents1764510000000 implements MigrationInterface {
  name = 'CreateSendIntents1764510000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS send_intents (
      send_key text PRIMARY KEY,
      command_id uuid NOT NULL,
      kind text NOT NULL,
      state text NOT NULL,
      resent boolean NOT NULL DEFAULT false,
      attempted_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX IF NOT EXISTS send_intents_attempted ON send_intents (attempted_at)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS send_intents');
  }
}

export const gatewayMigrations = [CreateRateBudget1732500000000, CreateSendIntents1764510000000];
