import { DataSource, EntityManager } from 'typeorm';
import { CampaignState, CampaignStatus } from './campaign.state';

export interface CampaignListFilter {
  /** null: every department (an admin). */
  departments: string[] | null;
  /** Empty: any status. */
  statuses: CampaignStatus[];
  /** Only submitted campaigns this staff member may approve: neither created nor changed by them. */
  approvableBy?: string;
  limit: number;
  offset: number;
}

/** $1 departments (null: all), $2 statuses (empty: all), $3 who would approve (null: anyone). */
const LIST_WHERE = `WHERE ($1::text[] IS NULL OR department = ANY($1))
  AND (cardinality($2::text[]) = 0 OR status = ANY($2))
  AND ($3::text IS NULL OR (status = 'submitted' AND state->>'author' <> $3
       AND NOT coalesce(state->'editors', '[]'::jsonb) @> to_jsonb($3::text)))`;

export interface CampaignListRow {
  state: CampaignState;
  updatedAt: string;
}

/** The campaigns read model: each campaign's latest state, written in the transaction that appended its events. */
export class CampaignsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async save(manager: EntityManager, state: CampaignState): Promise<void> {
    await manager.query(
      `INSERT INTO campaigns (campaign_id, department, status, send_at, state, updated_at) VALUES ($1, $2, $3, $4, $5::jsonb, now())
       ON CONFLICT (campaign_id) DO UPDATE SET status = EXCLUDED.status, send_at = EXCLUDED.send_at, state = EXCLUDED.state, updated_at = now()`,
      [state.campaignId, state.department, state.status, state.sendAt, JSON.stringify(state)],
    );
  }

  async find(campaignId: string): Promise<CampaignState | undefined> {
    const rows: Array<{ state: CampaignState }> = await this.dataSource.query(
      'SELECT state FROM campaigns WHERE campaign_id = $1',
      [campaignId],
    );
    return rows[0]?.state;
  }

  /** A page of campaigns, the most recently changed first, and how many match in all. */
  async list(filter: CampaignListFilter): Promise<{ total: number; items: CampaignListRow[] }> {
    const rows: Array<{ state: CampaignState; updated_at: Date; total: string }> =
      await this.dataSource.query(
        `SELECT state, updated_at, count(*) OVER () AS total FROM campaigns
        ${LIST_WHERE}
        ORDER BY updated_at DESC, campaign_id
        LIMIT $4 OFFSET $5`,
        [filter.departments, filter.statuses, filter.approvableBy ?? null, filter.limit, filter.offset],
      );
    if (rows.length === 0 && filter.offset > 0) {
      // Past the end: the total still tells the client where the end is.
      const [{ total }] = await this.dataSource.query(
        `SELECT count(*) AS total FROM campaigns
          ${LIST_WHERE}`,
        [filter.departments, filter.statuses, filter.approvableBy ?? null],
      );
      return { total: Number(total), items: [] };
    }
    return {
      total: rows.length ? Number(rows[0].total) : 0,
      items: rows.map((r) => ({ state: r.state, updatedAt: r.updated_at.toISOString() })),
    };
  }

  /** Campaigns a fan-out worker should be running: due ones, and sending ones whose batches are not all planned. */
  async dueForFanout(now: Date): Promise<string[]> {
    const rows: Array<{ campaign_id: string }> = await this.dataSource.query(
      `SELECT c.campaign_id FROM campaigns c
        WHERE (c.status = 'scheduled' AND c.send_at <= $1)
           OR (c.status = 'sending' AND NOT EXISTS (SELECT 1 FROM campaign_fanout f WHERE f.campaign_id = c.campaign_id AND f.planning_done))
        ORDER BY c.send_at`,
      [now],
    );
    return rows.map((r) => r.campaign_id);
  }

  /** Sending (or paused) campaigns whose batches are all planned: complete once the gateway has reported on each. */
  async awaitingCompletion(): Promise<string[]> {
    const rows: Array<{ campaign_id: string }> = await this.dataSource.query(
      `SELECT c.campaign_id FROM campaigns c JOIN campaign_fanout f ON f.campaign_id = c.campaign_id
        WHERE c.status IN ('sending', 'paused') AND f.planning_done`,
    );
    return rows.map((r) => r.campaign_id);
  }
}
