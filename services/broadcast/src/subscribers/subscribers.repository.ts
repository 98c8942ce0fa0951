import { Audience, LANGUAGES, Language } from '@citizen-desk/contracts';
import { RowSink } from '@citizen-desk/event-store';
import { DataSource, EntityManager } from 'typeorm';
import { SubscriberChange } from './subscriber-change';
import { subscriberWriteSteps, UpsertStep } from './subscriber-write-steps';

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
  /** A consumer's batch stages its changes here; they are written with a few statements per batch. */
  readonly changes: RowSink<SubscriberChange> = {
    write: (manager, changes) => this.applyAll(manager, changes),
  };

  constructor(private readonly dataSource: DataSource) {}

  /** The same end state as `apply` on each change in turn, in a few set-based statements. */
  async applyAll(manager: EntityManager, changes: readonly SubscriberChange[]): Promise<void> {
    for (const step of subscriberWriteSteps(changes)) {
      if (step.kind === 'forget') {
        await manager.query('DELETE FROM subscribers WHERE citizen_id = ANY($1::text[])', [step.citizenIds]);
        await manager.query('DELETE FROM campaign_recipients WHERE citizen_id = ANY($1::text[])', [
          step.citizenIds,
        ]);
      } else await this.upsertStep(manager, step);
    }
  }

  private async upsertStep(manager: EntityManager, step: UpsertStep): Promise<void> {
    if (step.subscription.length > 0)
      await manager.query(
        `INSERT INTO subscribers (citizen_id, subscribed, status_at, subscribed_at, unsubscribed_at)
         SELECT v.citizen_id, v.subscribed, v.at, CASE WHEN v.subscribed THEN v.at END, CASE WHEN NOT v.subscribed THEN v.at END
           FROM unnest($1::text[], $2::boolean[], $3::timestamptz[]) AS v(citizen_id, subscribed, at)
         ON CONFLICT (citizen_id) DO UPDATE SET
           subscribed = EXCLUDED.subscribed,
           status_at = EXCLUDED.status_at,
           subscribed_at = CASE WHEN EXCLUDED.subscribed AND NOT subscribers.subscribed THEN EXCLUDED.status_at ELSE subscribers.subscribed_at END,
           unsubscribed_at = CASE WHEN NOT EXCLUDED.subscribed THEN EXCLUDED.status_at ELSE subscribers.unsubscribed_at END
         WHERE subscribers.status_at <= EXCLUDED.status_at
           AND (subscribers.subscribed IS DISTINCT FROM EXCLUDED.subscribed OR subscribers.status_at < EXCLUDED.status_at)`,
        [
          step.subscription.map((c) => c.citizenId),
          step.subscription.map((c) => c.subscribed),
          step.subscription.map((c) => c.at),
        ],
      );
    const fieldCitizens = [...step.notices, ...step.language, ...step.categories].map((c) => c.citizenId);
    if (fieldCitizens.length === 0) return;
    // A field set for a citizen the projection has not seen subscribe yet makes a row that is not (yet) subscribed.
    await manager.query(
      `INSERT INTO subscribers (citizen_id, subscribed, status_at)
       SELECT DISTINCT id, false, '-infinity'::timestamptz FROM unnest($1::text[]) AS id
       ON CONFLICT (citizen_id) DO NOTHING`,
      [fieldCitizens],
    );
    if (step.notices.length > 0)
      await manager.query(
        `UPDATE subscribers s SET notices = v.notices, notices_at = v.at
           FROM unnest($1::text[], $2::boolean[], $3::timestamptz[]) AS v(citizen_id, notices, at)
          WHERE s.citizen_id = v.citizen_id AND s.notices_at <= v.at`,
        [
          step.notices.map((c) => c.citizenId),
          step.notices.map((c) => c.notices),
          step.notices.map((c) => c.at),
        ],
      );
    if (step.language.length > 0)
      await manager.query(
        `UPDATE subscribers s SET language = v.language, language_at = v.at
           FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS v(citizen_id, language, at)
          WHERE s.citizen_id = v.citizen_id AND s.language_at <= v.at`,
        [
          step.language.map((c) => c.citizenId),
          step.language.map((c) => c.language),
          step.language.map((c) => c.at),
        ],
      );
    if (step.categories.length > 0)
      // Arrays of arrays do not unnest into rows of arrays; JSON records do.
      await manager.query(
        `UPDATE subscribers s SET categories = v.categories, categories_at = v.at
           FROM jsonb_to_recordset($1::jsonb) AS v(citizen_id text, categories text[], at timestamptz)
          WHERE s.citizen_id = v.citizen_id AND s.categories_at <= v.at`,
        [
          JSON.stringify(
            step.categories.map(({ citizenId, categories, at }) => ({
              citizen_id: citizenId,
              categories,
              at,
            })),
          ),
        ],
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
