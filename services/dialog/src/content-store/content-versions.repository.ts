import { DataSource, EntityManager } from 'typeorm';
import { Content } from '../content';
import { readStoredContent } from './stored-content';

export interface ContentVersionInfo {
  version: number;
  publishedBy: string;
  publishedAt: string;
  note: string | null;
}

interface VersionInfoRow {
  version: number;
  published_by: string;
  published_at: Date;
  note: string | null;
}

function infoOf(r: VersionInfoRow): ContentVersionInfo {
  return {
    version: r.version,
    publishedBy: r.published_by,
    publishedAt: r.published_at.toISOString(),
    note: r.note,
  };
}

/** Published content versions in PostgreSQL. A version, once written, never changes. */
export class ContentVersionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async latest(manager: EntityManager = this.dataSource.manager): Promise<Content | null> {
    const rows: Array<{ content: unknown }> = await manager.query(
      'SELECT content FROM content_versions ORDER BY version DESC LIMIT 1',
    );
    return rows.length ? readStoredContent(rows[0].content) : null;
  }

  async get(version: number, manager: EntityManager = this.dataSource.manager): Promise<Content | null> {
    const rows: Array<{ content: unknown }> = await manager.query(
      'SELECT content FROM content_versions WHERE version = $1',
      [version],
    );
    return rows.length ? readStoredContent(rows[0].content) : null;
  }

  /** The number of the latest published version; 0 before the first. */
  async latestVersion(manager: EntityManager = this.dataSource.manager): Promise<number> {
    const rows: Array<{ version: number }> = await manager.query(
      'SELECT coalesce(max(version), 0)::int AS version FROM content_versions',
    );
    return rows[0].version;
  }

  async info(version: number): Promise<ContentVersionInfo | null> {
    const rows: VersionInfoRow[] = await this.dataSource.query(
      'SELECT version, published_by, published_at, note FROM content_versions WHERE version = $1',
      [version],
    );
    return rows.length ? infoOf(rows[0]) : null;
  }

  async list(): Promise<ContentVersionInfo[]> {
    const rows: VersionInfoRow[] = await this.dataSource.query(
      'SELECT version, published_by, published_at, note FROM content_versions ORDER BY version DESC',
    );
    return rows.map(infoOf);
  }

  /** Inserts a version; false when that version number exists already (another replica won). */
  async insert(
    content: Content,
    publishedBy: string,
    note: string | null,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO content_versions (version, content, published_by, note) VALUES ($1, $2, $3, $4)
       ON CONFLICT (version) DO NOTHING RETURNING version`,
      [content.version, JSON.stringify(content), publishedBy, note],
    );
    return rows.length > 0;
  }
}
