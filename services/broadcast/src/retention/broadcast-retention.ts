import { RetentionRule, statementRule } from '@citizen-desk/service-kit';
import { DeliveryRepository } from '../delivery/delivery.repository';

/** Campaigns handled per run; the next run takes the rest. */
const CAMPAIGNS_PER_RUN = 50;

/**
 * The per-recipient records (who got what, delivered, seen) of campaigns completed or cancelled more
 * than `days` ago. The campaign's funnel is kept first as a snapshot (`campaign_final_stats`), which
 * the campaign's view shows from then on, so its totals do not change.
 */
export function campaignRecipientsRule(days: number, delivery: DeliveryRepository): RetentionRule {
  return {
    kind: 'campaign-recipients',
    days,
    async deleteOlderThan(m, before) {
      const finished: Array<{ campaign_id: string; started_at: string | null }> = await m.query(
        `SELECT c.campaign_id, c.state->>'startedAt' AS started_at FROM campaigns c
          WHERE c.status IN ('completed', 'cancelled') AND c.updated_at < $1
            AND EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.campaign_id = c.campaign_id)
          LIMIT $2`,
        [before, CAMPAIGNS_PER_RUN],
      );
      let deleted = 0;
      for (const c of finished) {
        const stats = await delivery.stats(c.campaign_id, c.started_at);
        deleted += await m.transaction(async (tx) => {
          await tx.query(
            `INSERT INTO campaign_final_stats (campaign_id, stats) VALUES ($1, $2::jsonb)
             ON CONFLICT (campaign_id) DO NOTHING`,
            [c.campaign_id, JSON.stringify(stats)],
          );
          const [, n]: [unknown, number] = await tx.query(
            'DELETE FROM campaign_recipients WHERE campaign_id = $1',
            [c.campaign_id],
          );
          return n;
        });
      }
      return deleted;
    },
  };
}

/**
 * Delivery receipts that matched no batch: a receipt may overtake the gateway's report of its batch and
 * waits for it here, but receipts of replies and operator messages never find one. An hour is the
 * matching window (an uncertain batch waits at most BROADCAST_UNCERTAIN_WAIT_SECONDS, under an hour),
 * not a policy, so it has no variable.
 */
export const UNMATCHED_RECEIPT_DAYS = 1 / 24;

export const unmatchedReceiptsRule = (): RetentionRule =>
  statementRule(
    'unmatched-receipts',
    UNMATCHED_RECEIPT_DAYS,
    'DELETE FROM unmatched_receipts WHERE received_at < $1',
  );

/**
 * Citizens who unsubscribed (or never subscribed: a row made by a language or category choice), `days`
 * after the last change to their row. The row is what makes an older, late "subscribed" lose to the
 * newer unsubscribe; `days` is checked at start to outlast the stream (NATS_STREAM_MAX_AGE_DAYS), after
 * which nothing older can arrive.
 */
export const unsubscribedSubscribersRule = (days: number): RetentionRule =>
  statementRule(
    'unsubscribed-subscribers',
    days,
    `DELETE FROM subscribers
      WHERE NOT subscribed AND greatest(status_at, notices_at, language_at, categories_at) < $1`,
  );
