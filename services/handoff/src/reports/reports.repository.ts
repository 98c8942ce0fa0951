import { ERASED, ReportFiled, ReportStatus } from '@citizen-desk/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { ReportCategory, reportCategorySchema } from './report-categories';
import { ReportState } from './report.decide';

/** A report as the read model holds it (what lists, the staff API and Open311 show). */
export interface ReportRow {
  reference: string;
  category: string;
  department: string;
  status: ReportStatus;
  description: string;
  lat: number | null;
  lon: number | null;
  address: string | null;
  photoUrl: string | null;
  citizenId: string | null;
  language: string;
  channel: string;
  note: string | null;
  duplicateOf: string | null;
  /** The citizen agreed to publication without their name, and to showing the exact place. */
  publishConsent: boolean;
  exactLocationConsent: boolean;
  /** Staff approved publication (public only together with the citizen's consent). */
  published: boolean;
  /** The photo the platform keeps (report_photos); null when none, or deleted after retention. */
  photoId: string | null;
  photoRejected: string | null;
  filedAt: string;
  updatedAt: string;
}

export interface ReportFilter {
  status?: ReportStatus[];
  category?: string[];
  /** Only these departments; undefined: every department. */
  departments?: string[];
  from?: string;
  to?: string;
  /** minLon, minLat, maxLon, maxLat */
  bbox?: [number, number, number, number];
  /** Only these references (at most a page of them). */
  references?: string[];
  /** Only reports the citizen agreed to publish and staff approved. */
  publicOnly?: boolean;
  /** For staff: awaiting approval (consent, not published), published, or private (not public). */
  publication?: 'awaiting' | 'published' | 'private';
  limit: number;
  offset?: number;
}

const COLUMNS = `reference, category, department, status, description, lat, lon, address, photo_url AS "photoUrl",
  citizen_id AS "citizenId", language, channel, note, duplicate_of AS "duplicateOf",
  publish_consent AS "publishConsent", exact_location_consent AS "exactLocationConsent", published,
  photo_id AS "photoId", photo_rejected AS "photoRejected",
  to_char(filed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "filedAt",
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt"`;

/** PostgreSQL I/O of the reports: read model, reference counters, categories. */
export class ReportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Adds the filed report, unless its reference is taken already (a random reference met another):
   * false then, and the caller draws again. The transaction stays usable either way.
   */
  async insert(manager: EntityManager, filed: ReportFiled): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO reports (reference, submission_id, category, department, status, description, lat, lon, address, photo_url,
         citizen_id, language, channel, filed_at, updated_at, publish_consent, exact_location_consent, photo_id, photo_rejected)
       VALUES ($1, $2, $3, $4, 'received', $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $15, $16, $17)
       ON CONFLICT (reference) DO NOTHING RETURNING reference`,
      [
        filed.reference,
        filed.submissionId,
        filed.category,
        filed.department,
        filed.description,
        filed.location?.lat ?? null,
        filed.location?.lon ?? null,
        filed.address ?? null,
        filed.photoUrl ?? null,
        filed.citizenId ?? null,
        filed.language,
        filed.channel,
        filed.filedAt,
        filed.consent?.publish ?? false,
        filed.consent?.exactLocation ?? false,
        filed.photo?.id ?? null,
        filed.photoRejected ?? null,
      ],
    );
    return rows.length === 1;
  }

  async update(manager: EntityManager, state: Extract<ReportState, { exists: true }>): Promise<void> {
    await manager.query(
      `UPDATE reports SET category = $2, department = $3, status = $4, note = $5, duplicate_of = $6, updated_at = $7,
         published = $8 WHERE reference = $1`,
      [
        state.reference,
        state.category,
        state.department,
        state.status,
        state.note,
        state.duplicateOf,
        state.updatedAt,
        state.published,
      ],
    );
  }

  /** The references of every report the citizen filed (what erasure must reach). */
  async referencesFiledBy(manager: EntityManager, citizenId: string): Promise<string[]> {
    const rows: Array<{ reference: string }> = await manager.query(
      'SELECT reference FROM reports WHERE citizen_id = $1',
      [citizenId],
    );
    return rows.map((r) => r.reference);
  }

  /**
   * Unlinks the citizen from their reports in the read model and erases what they wrote, where and
   * their photo, as their shredded key erased it from the recorded events (a rebuild reads the same);
   * category, department, status and dates stay. Returns how many reports were unlinked.
   */
  async unlinkCitizen(manager: EntityManager, citizenId: string): Promise<number> {
    await manager.query(
      'DELETE FROM report_photos WHERE id IN (SELECT photo_id FROM reports WHERE citizen_id = $1)',
      [citizenId],
    );
    const [, count]: [unknown, number] = await manager.query(
      `UPDATE reports SET citizen_id = NULL, description = $2, lat = NULL, lon = NULL, address = NULL,
              photo_url = NULL, photo_id = NULL
        WHERE citizen_id = $1`,
      [citizenId, ERASED],
    );
    return count;
  }

  async findBySubmission(manager: EntityManager, submissionId: string): Promise<ReportRow | null> {
    const rows: ReportRow[] = await manager.query(`SELECT ${COLUMNS} FROM reports WHERE submission_id = $1`, [
      submissionId,
    ]);
    return rows[0] ?? null;
  }

  async find(reference: string, manager: EntityManager = this.dataSource.manager): Promise<ReportRow | null> {
    const rows: ReportRow[] = await manager.query(`SELECT ${COLUMNS} FROM reports WHERE reference = $1`, [
      reference,
    ]);
    return rows[0] ?? null;
  }

  async listOfCitizen(manager: EntityManager, citizenId: string, limit: number): Promise<ReportRow[]> {
    return manager.query(
      `SELECT ${COLUMNS} FROM reports WHERE citizen_id = $1 ORDER BY filed_at DESC LIMIT $2`,
      [citizenId, limit],
    );
  }

  async list(filter: ReportFilter): Promise<ReportRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.status?.length) add((n) => `status = ANY(${n})`, filter.status);
    if (filter.category?.length) add((n) => `category = ANY(${n})`, filter.category);
    if (filter.departments) add((n) => `department = ANY(${n})`, filter.departments);
    if (filter.references) add((n) => `reference = ANY(${n})`, filter.references);
    if (filter.publicOnly || filter.publication === 'published') where.push('published AND publish_consent');
    if (filter.publication === 'awaiting') where.push('publish_consent AND NOT published');
    if (filter.publication === 'private') where.push('NOT (published AND publish_consent)');
    if (filter.from) add((n) => `filed_at >= ${n}`, filter.from);
    if (filter.to) add((n) => `filed_at < ${n}`, filter.to);
    if (filter.bbox) {
      const [minLon, minLat, maxLon, maxLat] = filter.bbox;
      add((n) => `lon >= ${n}`, minLon);
      add((n) => `lat >= ${n}`, minLat);
      add((n) => `lon <= ${n}`, maxLon);
      add((n) => `lat <= ${n}`, maxLat);
    }
    params.push(filter.limit, filter.offset ?? 0);
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM reports ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY filed_at DESC, reference DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
  }

  async categories(manager: EntityManager = this.dataSource.manager): Promise<ReportCategory[]> {
    const rows: Array<{ definition: unknown }> = await manager.query(
      'SELECT definition FROM report_categories ORDER BY position, code',
    );
    return rows.map((r) => reportCategorySchema.parse(r.definition));
  }

  /** Seeds categories on the first start only: an admin's later edits are never overwritten. */
  async seedCategories(categories: ReportCategory[]): Promise<void> {
    const existing: Array<{ n: number }> = await this.dataSource.query(
      'SELECT count(*)::int AS n FROM report_categories',
    );
    if (existing[0].n > 0) return;
    for (const [position, category] of categories.entries()) {
      await this.dataSource.query(
        'INSERT INTO report_categories (code, position, definition) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [category.code, position, JSON.stringify(category)],
      );
    }
  }

  async saveCategory(category: ReportCategory): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO report_categories (code, position, definition)
       VALUES ($1, (SELECT coalesce(max(position), -1) + 1 FROM report_categories), $2)
       ON CONFLICT (code) DO UPDATE SET definition = EXCLUDED.definition`,
      [category.code, JSON.stringify(category)],
    );
  }
}
