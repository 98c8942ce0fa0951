import { Audience, LANGUAGES, Language } from '@citizen-desk/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { SubscriberChange } from './subscriber-change';

export interface AudienceSize {
  total: number;
  byLanguage: Record<Language, number>;
}

/** The language groups an audience is sent in, always in the same order (the fan-out's cursor counts on it). */
export function languageGroupsOf(audience: Audience): Language[] {
  return LANGUAGES.filter((l) => audience.languages.length === 0 || audience.languages.includes(l));
}

/** Who may receive notices now. Every write keeps the newest value per field, so replays and reorderings are harmless. */
export class SubscribersRepository {
  constructor(private readonly dataSource: DataSource) {}

  async apply(manager: EntityManager, change: SubscriberChange): Promise<void> {
    switch (change.kind) {
      case 'subscription':
        await manager.query(
          `INSERT INTO subscribers (citizen_id, subscribed, status_at, subscribed_at, unsubscribed_at)
           VALUES ($1, $2, $3, CASE WHEN $2 THEN $3::timestamptz END, CASE WHEN NOT $2 THEN $3::timestamptz END)
           ON CONFLICT (citizen_id) DO UPDATE SET
             subscribed = EXCLUDED.subscribed,
             status_at = EXCLUDED.status_at,
             subscribed_at = CASE WHEN EXCLUDED.subscribed AND NOT subscribers.subscribed THEN EXCLUDED.status_at ELSE subscribers.subscribed_at END,
             unsubscribed_at = CASE WHEN NOT EXCLUDED.subscribed THEN EXCLUDED.status_at ELSE subscribers.unsubscribed_at END
           WHERE subscribers.status_at <= EXCLUDED.status_at
             AND (subscribers.subscribed IS DISTINCT FROM EXCLUDED.subscribed OR subscribers.status_at < EXCLUDED.status_at)`,
          [change.citizenId, change.subscribed, change.at],
        );
        return;
      case 'notices':
        await this.upsertField(manager, change.citizenId, 'notices = $2, notices_at = $3', 'notices_at', [
          change.notices,
          change.at,
        ]);
        return;
      case 'language':
        await this.upsertField(manager, change.citizenId, 'language = $2, language_at = $3', 'language_at', [
          change.language,
          change.at,
        ]);
        return;
      case 'categories':
        await this.upsertField(
          manager,
          change.citizenId,
          'categories = $2, categories_at = $3',
          'categories_at',
          [change.categories, change.at],
        );
        if (change.categories.length > 0) {
          await this.upsertField(manager, change.citizenId, 'notices = true, notices_at = $2', 'notices_at', [
            change.at,
          ]);
        }
        return;
      case 'forget':
        await manager.query('DELETE FROM subscribers WHERE citizen_id = $1', [change.citizenId]);
        await manager.query('DELETE FROM campaign_recipients WHERE citizen_id = $1', [change.citizenId]);
        return;
    }
  }

  /** A field set for a citizen the projection has not seen subscribe yet makes a row that is not (yet) subscribed. */
  private async upsertField(
    manager: EntityManager,
    citizenId: string,
    set: string,
    timeColumn: string,
    values: unknown[],
  ): Promise<void> {
    // The change's time is always the last value.
    const atParam = `$${values.length + 1}`;
    await manager.query(
      `INSERT INTO subscribers (citizen_id, subscribed, status_at) VALUES ($1, false, '-infinity') ON CONFLICT (citizen_id) DO NOTHING`,
      [citizenId],
    );
    await manager.query(
      `UPDATE subscribers SET ${set} WHERE citizen_id = $1 AND ${timeColumn} <= ${atParam}`,
      [citizenId, ...values],
    );
  }

  /** How many would receive a campaign to this audience now, per language group. */
  async audienceSize(
    audience: Audience,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AudienceSize> {
    const groups = languageGroupsOf(audience);
    const rows: Array<{ language: Language; n: string }> = await manager.query(
      `SELECT coalesce(language, 'cnr-Latn') AS language, count(*) AS n FROM subscribers
        WHERE subscribed AND notices AND coalesce(language, 'cnr-Latn') = ANY($1)
          AND (cardinality($2::text[]) = 0 OR cardinality(categories) = 0 OR categories && $2::text[])
        GROUP BY 1`,
      [groups, audience.categories],
    );
    const byLanguage = Object.fromEntries(LANGUAGES.map((l) => [l, 0])) as Record<Language, number>;
    for (const r of rows) byLanguage[r.language] = Number(r.n);
    return { total: Object.values(byLanguage).reduce((a, b) => a + b, 0), byLanguage };
  }

  /** The next page of one language group after `cursor`, in citizen-id order: the audience is never read whole. */
  async nextPage(
    manager: EntityManager,
    audience: Audience,
    language: Language,
    cursor: string,
    limit: number,
  ): Promise<string[]> {
    const rows: Array<{ citizen_id: string }> = await manager.query(
      `SELECT citizen_id FROM subscribers
        WHERE subscribed AND notices AND coalesce(language, 'cnr-Latn') = $1 AND citizen_id > $2
          AND (cardinality($3::text[]) = 0 OR cardinality(categories) = 0 OR categories && $3::text[])
        ORDER BY coalesce(language, 'cnr-Latn'), citizen_id LIMIT $4`,
      [language, cursor, audience.categories, limit],
    );
    return rows.map((r) => r.citizen_id);
  }

  async find(citizenId: string): Promise<Record<string, unknown> | undefined> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      'SELECT * FROM subscribers WHERE citizen_id = $1',
      [citizenId],
    );
    return rows[0];
  }
}
