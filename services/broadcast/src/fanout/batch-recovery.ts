import {
  BroadcastToCitizens,
  Language,
  makeEnvelope,
  MAX_BROADCAST_RECEIVERS,
} from '@citizen-desk/contracts';
import { currentTraceCarrier } from '@citizen-desk/observability';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { EntityManager } from 'typeorm';
import { campaignMessageIn } from '../campaigns/campaign-message';
import { BROADCAST_ORIGIN, CampaignService } from '../campaigns/campaign.service';
import { DeliveryRepository } from '../delivery/delivery.repository';
import { batchIdOf, reissuedCommandIdOf } from './batch-identity';

/** Viber's status for "too many requests", also given per receiver in a broadcast's failed_list. */
export const VIBER_RATE_LIMIT_STATUS = 12;

export interface BatchRecoveryOptions {
  /** Receivers per broadcast_message call. */
  batchSize: number;
  /** An unreported batch is issued again after this long, then after twice as long, and so on. */
  reissueAfterMs: number;
  /** Re-issues of an unreported batch before its recipients are counted as failed. */
  maxReissues: number;
  /** Retries of a recipient that Viber refused with status 12. */
  rateLimitedRetries: number;
  /** Wait before the first such retry; doubled for each next one. */
  retryBaseMs: number;
  /** How long recipients of an uncertain batch wait for a receipt before they are sent to once more. */
  uncertainWaitMs: number;
}

export const UNREPORTED_REASON = 'no report from the gateway';
/** A recipient whose send was uncertain, sent to once more, and that too was uncertain: never sent again. */
export const UNCERTAIN_REASON = 'uncertain: the gateway stopped between the call and its record, twice';

interface StaleBatch {
  batch_id: string;
  language: Language;
  reissues: number;
}

/**
 * Keeps a campaign from stalling. A batch the gateway never reported on (its command was dropped after
 * too many deliveries, or lost with a crash) would hold one of the in-flight slots for ever: it is issued
 * again under a new command id, with back-off, a bounded number of times, and then its unsent recipients
 * are counted as failed and the slot is free. Recipients that Viber's failed_list refused with status 12
 * (rate limit) are sent to again in new batches, with back-off, a bounded number of times.
 *
 * Recipients of a batch whose send was uncertain (the gateway died between Viber's answer and its
 * record) are never resent blindly. Viber's delivered/seen/failed receipts carry the message token
 * that the lost answer held: a receipt for such a recipient, with a token that matches no batch, that
 * came after the call was begun, means Viber took the message. The token most of a batch's
 * recipients show is adopted as the batch's, so its other receipts match as usual. Recipients with no
 * receipt after the wait are sent to once more (a duplicate for a phone that was offline is a lesser
 * harm than a notice missed); if that send is uncertain too, they are counted as failed, never resent.
 *
 * Every step runs under the campaign's fan-out row lock, so replicas never both act on one batch.
 */
export class BatchRecovery {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly service: CampaignService,
    private readonly delivery: DeliveryRepository,
    private readonly options: BatchRecoveryOptions,
  ) {}

  /** One pass over a campaign; how many batches it issued again, gave up on or planned for retries. */
  async recover(campaignId: string): Promise<number> {
    return this.runtime.dataSource.transaction(async (m) => {
      const progress = await this.delivery.lockProgress(m, campaignId);
      if (!progress) return 0;
      const { state } = await this.service.load(campaignId, m);
      if (state.status !== 'sending' || !state.content) return 0;
      const content = state.content;
      const commands: BroadcastToCitizens[] = [];
      const ids: string[] = [];
      let acted = 0;

      for (const stale of await this.staleBatches(m, campaignId)) {
        acted += 1;
        const pending = await this.unreportedRecipients(m, stale.batch_id);
        if (stale.reissues < this.options.maxReissues && pending.length > 0) {
          const reissue = stale.reissues + 1;
          await m.query(
            `UPDATE campaign_batches SET reissues = $2, check_at = now() + $3 * interval '1 millisecond' WHERE batch_id = $1`,
            [stale.batch_id, reissue, this.options.reissueAfterMs * 2 ** reissue],
          );
          commands.push({
            batchId: stale.batch_id,
            campaignId,
            citizenIds: pending,
            message: campaignMessageIn(content, stale.language),
            origin: BROADCAST_ORIGIN,
          });
          ids.push(reissuedCommandIdOf(stale.batch_id, reissue));
          this.runtime.logger.warn({ campaignId, batchId: stale.batch_id, reissue }, 'batch issued again');
        } else {
          await this.giveUp(m, campaignId, stale.batch_id, pending);
          this.runtime.logger.warn({ campaignId, batchId: stale.batch_id }, 'batch counted as failed');
        }
      }

      acted += await this.reconcileFromReceipts(m, campaignId);
      const resend = await this.uncertainPastWait(m, campaignId);
      acted += resend.gaveUp;
      const retries = await this.rateLimitedRecipients(m, campaignId);
      let sequence = progress.nextSequence;
      for (const [reason, groups] of [
        ['uncertain', resend.again],
        ['rate-limited', retries],
      ] as const)
        for (const [language, citizenIds] of groups) {
          const size = Math.min(this.options.batchSize, MAX_BROADCAST_RECEIVERS);
          for (let i = 0; i < citizenIds.length; i += size) {
            const group = citizenIds.slice(i, i + size);
            const batchId = batchIdOf(campaignId, sequence);
            await this.moveToRetryBatch(m, campaignId, batchId, sequence, language, group, reason);
            sequence += 1;
            acted += 1;
            commands.push({
              batchId,
              campaignId,
              citizenIds: group,
              message: campaignMessageIn(content, language),
              origin: BROADCAST_ORIGIN,
            });
            ids.push(reissuedCommandIdOf(batchId, 0));
          }
        }
      if (sequence !== progress.nextSequence)
        await m.query('UPDATE campaign_fanout SET next_sequence = $2 WHERE campaign_id = $1', [
          campaignId,
          sequence,
        ]);

      if (commands.length > 0) {
        const trace = currentTraceCarrier();
        await this.runtime.eventStore.enqueue(
          commands.map((data, k) =>
            makeEnvelope({
              id: ids[k],
              type: 'BroadcastToCitizens',
              version: 1,
              streamId: `campaign-${campaignId}-batches`,
              data,
              trace,
            }),
          ),
          m,
        );
      }
      return acted;
    });
  }

  private async staleBatches(m: EntityManager, campaignId: string): Promise<StaleBatch[]> {
    return m.query(
      `SELECT batch_id, language, reissues FROM campaign_batches
        WHERE campaign_id = $1 AND completed_at IS NULL
          AND coalesce(check_at, planned_at + $2 * interval '1 millisecond') <= now()
        ORDER BY sequence LIMIT 64`,
      [campaignId, this.options.reissueAfterMs],
    );
  }

  private async unreportedRecipients(m: EntityManager, batchId: string): Promise<string[]> {
    const rows: Array<{ citizen_id: string }> = await m.query(
      `SELECT citizen_id FROM campaign_recipients
        WHERE batch_id = $1 AND sent_at IS NULL AND failed_reason IS NULL ORDER BY citizen_id`,
      [batchId],
    );
    return rows.map((r) => r.citizen_id);
  }

  /** The batch is reported on by us: its unsent recipients failed, its slot is free. */
  private async giveUp(
    m: EntityManager,
    campaignId: string,
    batchId: string,
    pending: string[],
  ): Promise<void> {
    await m.query(
      `UPDATE campaign_recipients SET failed_reason = $3
        WHERE campaign_id = $1 AND citizen_id = ANY($2::text[])`,
      [campaignId, pending, UNREPORTED_REASON],
    );
    await m.query(
      `UPDATE campaign_batches SET sent = coalesce(sent, 0), failed = coalesce(failed, 0) + $2, completed_at = now()
        WHERE batch_id = $1 AND completed_at IS NULL`,
      [batchId, pending.length],
    );
  }

  /** Rate-limited recipients whose back-off has passed, by language; the exhausted ones are given up on. */
  private async rateLimitedRecipients(
    m: EntityManager,
    campaignId: string,
  ): Promise<Map<Language, string[]>> {
    await m.query(
      `UPDATE campaign_recipients SET retry_exhausted = true
        WHERE campaign_id = $1 AND failed_code = $2 AND NOT retry_exhausted AND retries >= $3`,
      [campaignId, VIBER_RATE_LIMIT_STATUS, this.options.rateLimitedRetries],
    );
    const rows: Array<{ citizen_id: string; language: Language }> = await m.query(
      `SELECT r.citizen_id, r.language FROM campaign_recipients r JOIN campaign_batches b ON b.batch_id = r.batch_id
        WHERE r.campaign_id = $1 AND r.failed_code = $2 AND NOT r.retry_exhausted
          AND b.completed_at + $3 * power(2, r.retries) * interval '1 millisecond' <= now()
        ORDER BY r.language, r.citizen_id LIMIT 3000`,
      [campaignId, VIBER_RATE_LIMIT_STATUS, this.options.retryBaseMs],
    );
    const byLanguage = new Map<Language, string[]>();
    for (const r of rows) byLanguage.set(r.language, [...(byLanguage.get(r.language) ?? []), r.citizen_id]);
    return byLanguage;
  }

  /**
   * Receipts of an unknown token for recipients of uncertain batches: each batch adopts the token most
   * of its recipients show, its waiting receipts are applied, and every uncertain recipient with a
   * receipt now counts as sent. How many recipients were settled.
   */
  private async reconcileFromReceipts(m: EntityManager, campaignId: string): Promise<number> {
    const adopted: [Array<{ channel_message_id: string }>, number] = await m.query(
      `WITH candidates AS (
         SELECT r.batch_id, u.channel_message_id, count(DISTINCT r.citizen_id) AS n
           FROM campaign_recipients r
           JOIN unmatched_receipts u ON u.citizen_id = r.citizen_id AND u.received_at >= r.uncertain_since
          WHERE r.campaign_id = $1 AND r.uncertain_since IS NOT NULL
          GROUP BY r.batch_id, u.channel_message_id
       ), best AS (
         SELECT DISTINCT ON (batch_id) batch_id, channel_message_id FROM candidates
          ORDER BY batch_id, n DESC, channel_message_id
       )
       UPDATE campaign_batches b SET channel_message_id = best.channel_message_id
         FROM best
        WHERE b.batch_id = best.batch_id AND b.channel_message_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM campaign_batches o WHERE o.channel_message_id = best.channel_message_id)
       RETURNING b.channel_message_id`,
      [campaignId],
    );
    for (const { channel_message_id: token } of adopted[0])
      await this.delivery.applyWaitingReceipts(m, token);
    const settled: [Array<{ n: number }>, number] = await m.query(
      `WITH settled AS (
         UPDATE campaign_recipients SET sent_at = coalesce(delivered_at, seen_at, receipt_failed_at), uncertain_since = NULL
          WHERE campaign_id = $1 AND uncertain_since IS NOT NULL
            AND (delivered_at IS NOT NULL OR seen_at IS NOT NULL OR receipt_failed_at IS NOT NULL)
          RETURNING batch_id
       ), per_batch AS (SELECT batch_id, count(*)::int AS n FROM settled GROUP BY batch_id)
       UPDATE campaign_batches b SET sent = coalesce(b.sent, 0) + per_batch.n
         FROM per_batch WHERE b.batch_id = per_batch.batch_id
       RETURNING per_batch.n`,
      [campaignId],
    );
    return settled[0].reduce((sum, r) => sum + r.n, 0);
  }

  /**
   * Uncertain recipients whose wait for a receipt is over: those not yet sent to again are returned by
   * language, to be sent to once more; those that were are counted as failed. At most 3,000 per pass.
   */
  private async uncertainPastWait(
    m: EntityManager,
    campaignId: string,
  ): Promise<{ again: Map<Language, string[]>; gaveUp: number }> {
    const rows: Array<{ citizen_id: string; language: Language; uncertain_resent: boolean }> = await m.query(
      `SELECT citizen_id, language, uncertain_resent FROM campaign_recipients
        WHERE campaign_id = $1 AND uncertain_since IS NOT NULL
          AND uncertain_since <= now() - $2 * interval '1 millisecond'
        ORDER BY language, citizen_id LIMIT 3000`,
      [campaignId, this.options.uncertainWaitMs],
    );
    const again = new Map<Language, string[]>();
    const twice: string[] = [];
    for (const r of rows) {
      if (r.uncertain_resent) twice.push(r.citizen_id);
      else again.set(r.language, [...(again.get(r.language) ?? []), r.citizen_id]);
    }
    if (twice.length > 0) {
      await m.query(
        `WITH failed AS (
           UPDATE campaign_recipients SET failed_reason = $3, uncertain_since = NULL
            WHERE campaign_id = $1 AND citizen_id = ANY($2::text[]) RETURNING batch_id
         ), per_batch AS (SELECT batch_id, count(*)::int AS n FROM failed GROUP BY batch_id)
         UPDATE campaign_batches b SET failed = coalesce(b.failed, 0) + per_batch.n
           FROM per_batch WHERE b.batch_id = per_batch.batch_id`,
        [campaignId, twice, UNCERTAIN_REASON],
      );
      this.runtime.logger.warn(
        { campaignId, recipients: twice.length },
        'uncertain twice: counted as failed, not sent again',
      );
    }
    return { again, gaveUp: twice.length };
  }

  /**
   * Moves recipients out of their old batches' counts into a new batch, so the sums stay right: a
   * rate-limited recipient out of its batch's failed, an uncertain one (counted neither sent nor
   * failed) out of its recipients only, and marked as sent to once more.
   */
  private async moveToRetryBatch(
    m: EntityManager,
    campaignId: string,
    batchId: string,
    sequence: number,
    language: Language,
    citizenIds: string[],
    reason: 'uncertain' | 'rate-limited',
  ): Promise<void> {
    const failedBy = reason === 'rate-limited' ? 'x.n' : '0';
    await m.query(
      `UPDATE campaign_batches b SET failed = b.failed - ${failedBy}, recipients = b.recipients - x.n
         FROM (SELECT batch_id, count(*)::int AS n FROM campaign_recipients
                WHERE campaign_id = $1 AND citizen_id = ANY($2::text[]) GROUP BY batch_id) x
        WHERE b.batch_id = x.batch_id`,
      [campaignId, citizenIds],
    );
    await m.query(
      reason === 'rate-limited'
        ? `UPDATE campaign_recipients SET batch_id = $3, failed_reason = NULL, failed_code = NULL, retries = retries + 1
            WHERE campaign_id = $1 AND citizen_id = ANY($2::text[])`
        : `UPDATE campaign_recipients SET batch_id = $3, uncertain_since = NULL, uncertain_resent = true
            WHERE campaign_id = $1 AND citizen_id = ANY($2::text[])`,
      [campaignId, citizenIds, batchId],
    );
    await m.query(
      `INSERT INTO campaign_batches (batch_id, campaign_id, sequence, language, recipients) VALUES ($1, $2, $3, $4, $5)`,
      [batchId, campaignId, sequence, language, citizenIds.length],
    );
  }
}
