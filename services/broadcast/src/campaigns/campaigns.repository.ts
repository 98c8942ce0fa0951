import { DataSource, EntityManager } from 'typeorm';
import { CampaignState } from './campaign.state';

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
