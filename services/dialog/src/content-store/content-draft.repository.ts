import { DataSource, EntityManager } from 'typeorm';
import { Content, contentSchema } from '../content';
import { withMissingTexts } from './stored-content';

export interface ContentDraft {
  /** The published version the draft was started from. */
  baseVersion: number;
  content: Content;
  updatedBy: string;
  updatedAt: string;
}

interface DraftRow {
  base_version: number;
  content: unknown;
  updated_by: string;
  updated_at: Date;
}

/**
 * The single working draft (one row, table `content_draft`). Edits run inside a transaction that
 * first calls `lockContentWrites`, so two editors never overwrite each other's change.
 */
export class ContentDraftRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Serialises every change of the content (draft edits, publish, rollback) on this installation until
   * the transaction ends. Readers are not blocked: SHARE ROW EXCLUSIVE conflicts only with writers.
   */
  async lockContentWrites(manager: EntityManager): Promise<void> {
    await manager.query('LOCK TABLE content_versions, content_draft IN SHARE ROW EXCLUSIVE MODE');
  }

  async get(manager: EntityManager = this.dataSource.manager): Promise<ContentDraft | null> {
    const rows: DraftRow[] = await manager.query(
      'SELECT base_version, content, updated_by, updated_at FROM content_draft WHERE id = 1',
    );
    if (!rows.length) return null;
    const [row] = rows;
    // A draft may be inconsistent (that is checked on publish) but every part of it has the model's shape.
    const content = contentSchema.innerType().parse(withMissingTexts(row.content));
    return {
      baseVersion: row.base_version,
      content,
      updatedBy: row.updated_by,
      updatedAt: row.updated_at.toISOString(),
    };
  }

  async save(
    baseVersion: number,
    content: Content,
    updatedBy: string,
    manager: EntityManager,
  ): Promise<ContentDraft> {
    const rows: DraftRow[] = await manager.query(
      `INSERT INTO content_draft (id, base_version, content, updated_by, updated_at) VALUES (1, $1, $2, $3, now())
       ON CONFLICT (id) DO UPDATE SET base_version = EXCLUDED.base_version, content = EXCLUDED.content,
         updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
       RETURNING base_version, updated_by, updated_at`,
      [baseVersion, JSON.stringify(content), updatedBy],
    );
    return {
      baseVersion: rows[0].base_version,
      content,
      updatedBy: rows[0].updated_by,
      updatedAt: rows[0].updated_at.toISOString(),
    };
  }

  /** True when there was a draft to remove. */
  async remove(manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query('DELETE FROM content_draft WHERE id = 1 RETURNING id');
    return rows.length > 0;
  }
}
