import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Published content versions (immutable, one row each) and the single working draft. The history of
 * who changed what is the `content` event stream beside them.
 */
export class CreateContentTables1732500000200 implements MigrationInterface {
  name = 'CreateContentTables1732500000200';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS content_versions (
      version int PRIMARY KEY,
      content jsonb NOT NULL,
      published_by text NOT NULL,
      published_at timestamptz NOT NULL DEFAULT now(),
      note text
    )`);
    await q.query(`CREATE TABLE IF NOT EXISTS content_draft (
      id int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      base_version int NOT NULL,
      content jsonb NOT NULL,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS content_draft');
    await q.query('DROP TABLE IF EXISTS content_versions');
  }
}

export const dialogMigrations = [CreateContentTables1732500000200];
