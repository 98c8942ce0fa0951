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

export const analyticsMigrations = [CreateMessagesPerHour1732500000100];
