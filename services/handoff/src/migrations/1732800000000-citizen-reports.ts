import { MigrationInterface, QueryRunner } from 'typeorm';

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
