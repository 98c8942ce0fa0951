import {
  BroadcastBatchSent,
  BroadcastBatchUncertain,
  DeliveryReceipt,
  Language,
} from '@citizen-desk/contracts';
import { RowSink } from '@citizen-desk/event-store';
import { DataSource, EntityManager } from 'typeorm';

export type ReceiptKind = 'delivered' | 'seen' | 'failed';

/** A receipt staged on a consumer batch's writer, recorded with the batch's others (DeliveryRepository.receipts). */
export interface StagedReceipt {
  kind: ReceiptKind;
  receipt: DeliveryReceipt;
}

/**
 * The kinds in the order a batch applies them: a delivered receipt before a seen one, so that a batch
 * holding both keeps the delivered time rather than taking the seen time for it.
 */
const RECEIPT_ORDER: readonly ReceiptKind[] = ['delivered', 'seen', 'failed'];

/** Receipts of one kind, one per recipient's message (the earliest, as `coalesce` would keep it). */
export function receiptsToApply(staged: readonly StagedReceipt[]): Array<{
  kind: ReceiptKind;
  receipts: DeliveryReceipt[];
}> {
  return RECEIPT_ORDER.map((kind) => {
    const earliest = new Map<string, DeliveryReceipt>();
    for (const s of staged) {
      if (s.kind !== kind) continue;
      const key = `${s.receipt.channelMessageId}\u0000${s.receipt.citizenId}`;
      const seen = earliest.get(key);
      if (!seen || Date.parse(s.receipt.at) < Date.parse(seen.at)) earliest.set(key, s.receipt);
    }
    return { kind, receipts: [...earliest.values()] };
  }).filter((k) => k.receipts.length > 0);
}

/** What a receipt of each kind sets on its recipient's row; only where nothing is set, so repeats are harmless. */
function receiptSet(kind: ReceiptKind, at: string, reason: string): string {
  return kind === 'delivered'
    ? `delivered_at = coalesce(r.delivered_at, ${at})`
    : kind === 'seen'
      ? // A message seen was delivered, even when its delivered receipt is lost.
        `seen_at = coalesce(r.seen_at, ${at}), delivered_at = coalesce(r.delivered_at, ${at})`
      : `receipt_failed_at = coalesce(r.receipt_failed_at, ${at}), receipt_failed_reason = coalesce(r.receipt_failed_reason, ${reason})`;
}

export interface FanoutProgress {
  campaignId: string;
  languageIndex: number;
  cursor: string;
  nextSequence: number;
  batchesPlanned: number;
  recipientsPlanned: number;
  batchesCompleted: number;
  sent: number;
  failed: number;
  planningDone: boolean;
}

export interface CampaignStats {
  planned: number;
  sent: number;
  delivered: number;
  seen: number;
  failed: { total: number; byReason: Record<string, number> };
  unsubscribedSince: number;
  batches: { planned: number; completed: number };
}

interface FanoutRow {
  campaign_id: string;
  language_index: number;
  cursor: string;
  next_sequence: number;
  planning_done: boolean;
}

interface BatchCounts {
  planned: number;
  completed: number;
  sent: number;
  failed: number;
  recipients: number;
}

async function lockMessageToken(manager: EntityManager, channelMessageId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('receipt:' || $1, 0))`, [
    channelMessageId,
  ]);
}

const progressOf = (r: FanoutRow, c: BatchCounts): FanoutProgress => ({
  campaignId: r.campaign_id,
  languageIndex: r.language_index,
  cursor: r.cursor,
  nextSequence: r.next_sequence,
  batchesPlanned: c.planned,
  recipientsPlanned: c.recipients,
  batchesCompleted: c.completed,
  sent: c.sent,
  failed: c.failed,
  planningDone: r.planning_done,
});

/**
 * The fan-out's progress per campaign, its batches and every recipient's fate. The fan-out row (cursor)
 * is locked by the planner and by staff commands only, always first; batch reports touch their own
 * batch's rows, and counts are sums over the batches.
 */
export class DeliveryRepository {
  /**
   * A consumer batch's receipts, written when it commits: one statement per kind for all that match a
   * recorded batch (after a campaign, receipts come by the thousand), then the rare ones that overtook
   * their batch's report go the careful way, one at a time (recordReceiptIn).
   */
  readonly receipts: RowSink<StagedReceipt> = {
    write: (manager, staged) => this.recordReceiptsIn(manager, staged),
  };

  constructor(private readonly dataSource: DataSource) {}

  async createProgress(manager: EntityManager, campaignId: string): Promise<void> {
    await manager.query('INSERT INTO campaign_fanout (campaign_id) VALUES ($1) ON CONFLICT DO NOTHING', [
      campaignId,
    ]);
  }

  /** Locks the campaign's fan-out row for the rest of the transaction; undefined before the campaign started. */
  async lockProgress(manager: EntityManager, campaignId: string): Promise<FanoutProgress | undefined> {
    const rows: FanoutRow[] = await manager.query(
      'SELECT * FROM campaign_fanout WHERE campaign_id = $1 FOR UPDATE',
      [campaignId],
    );
    return rows[0] && progressOf(rows[0], await this.countsOf(manager, campaignId));
  }

  async progress(
    campaignId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<FanoutProgress | undefined> {
    const rows: FanoutRow[] = await manager.query('SELECT * FROM campaign_fanout WHERE campaign_id = $1', [
      campaignId,
    ]);
    return rows[0] && progressOf(rows[0], await this.countsOf(manager, campaignId));
  }

  private async countsOf(manager: EntityManager, campaignId: string): Promise<BatchCounts> {
    const [c]: BatchCounts[] = await manager.query(
      `SELECT count(*)::int AS planned, count(completed_at)::int AS completed, coalesce(sum(sent), 0)::int AS sent,
              coalesce(sum(failed), 0)::int AS failed, coalesce(sum(recipients), 0)::int AS recipients
         FROM campaign_batches WHERE campaign_id = $1`,
      [campaignId],
    );
    return c;
  }

  async advanceCursor(
    manager: EntityManager,
    campaignId: string,
    languageIndex: number,
    cursor: string,
  ): Promise<void> {
    await manager.query(
      'UPDATE campaign_fanout SET language_index = $2, cursor = $3 WHERE campaign_id = $1',
      [campaignId, languageIndex, cursor],
    );
  }

  async markPlanningDone(manager: EntityManager, campaignId: string): Promise<void> {
    await manager.query('UPDATE campaign_fanout SET planning_done = true WHERE campaign_id = $1', [
      campaignId,
    ]);
  }

  /**
   * Records batches and their recipients, and moves the cursor past them. The primary key
   * (campaign, citizen) makes a citizen a recipient at most once per campaign whatever happens to the
   * cursor: only the ids inserted here are sent to. Sequence numbers are never reused.
   */
  async recordBatches(
    manager: EntityManager,
    plan: {
      campaignId: string;
      language: Language;
      languageIndex: number;
      batches: Array<{ batchId: string; sequence: number; citizenIds: string[] }>;
    },
  ): Promise<Array<{ batchId: string; sequence: number; recipients: string[] }>> {
    const citizenIds = plan.batches.flatMap((b) => b.citizenIds);
    const batchIds = plan.batches.flatMap((b) => b.citizenIds.map(() => b.batchId));
    const inserted: Array<{ citizen_id: string; batch_id: string }> = await manager.query(
      `INSERT INTO campaign_recipients (campaign_id, citizen_id, batch_id, language)
       SELECT $1, c, b, $2 FROM unnest($3::text[], $4::text[]) AS x(c, b)
       ON CONFLICT DO NOTHING RETURNING citizen_id, batch_id`,
      [plan.campaignId, plan.language, citizenIds, batchIds],
    );
    const byBatch = new Map<string, string[]>();
    for (const r of inserted) byBatch.set(r.batch_id, [...(byBatch.get(r.batch_id) ?? []), r.citizen_id]);
    const recorded = plan.batches
      .map((b) => ({ batchId: b.batchId, sequence: b.sequence, recipients: byBatch.get(b.batchId) ?? [] }))
      .filter((b) => b.recipients.length > 0);
    if (recorded.length > 0) {
      await manager.query(
        `INSERT INTO campaign_batches (batch_id, campaign_id, sequence, language, recipients)
         SELECT b, $1, s, $2, n FROM unnest($3::text[], $4::int[], $5::int[]) AS x(b, s, n)`,
        [
          plan.campaignId,
          plan.language,
          recorded.map((b) => b.batchId),
          recorded.map((b) => b.sequence),
          recorded.map((b) => b.recipients.length),
        ],
      );
    }
    await manager.query(
      `UPDATE campaign_fanout SET language_index = $2, cursor = $3, next_sequence = next_sequence + $4 WHERE campaign_id = $1`,
      [plan.campaignId, plan.languageIndex, citizenIds[citizenIds.length - 1], plan.batches.length],
    );
    return recorded;
  }

  /** The gateway's report of one batch: who was sent to, who failed and why. Its campaign, or undefined when it was recorded before. */
  async recordBatchSent(
    manager: EntityManager,
    report: BroadcastBatchSent,
    at: string,
  ): Promise<string | undefined> {
    const updated: [Array<{ campaign_id: string }>, number] = await manager.query(
      `UPDATE campaign_batches SET channel_message_id = $2, sent = $3, failed = $4, completed_at = $5
        WHERE batch_id = $1 AND completed_at IS NULL RETURNING campaign_id`,
      [report.batchId, report.channelMessageId ?? null, report.sent.length, report.failed.length, at],
    );
    if (updated[0].length === 0) return undefined;
    const campaignId = updated[0][0].campaign_id;
    if (report.sent.length > 0) {
      await manager.query(
        `UPDATE campaign_recipients SET sent_at = $3 WHERE campaign_id = $1 AND citizen_id = ANY($2::text[])`,
        [campaignId, report.sent, at],
      );
    }
    if (report.failed.length > 0) {
      await manager.query(
        `UPDATE campaign_recipients r SET failed_reason = f.reason, failed_code = f.code
           FROM unnest($2::text[], $3::text[], $4::int[]) AS f(citizen_id, reason, code)
          WHERE r.campaign_id = $1 AND r.citizen_id = f.citizen_id`,
        [
          campaignId,
          report.failed.map((f) => f.citizenId),
          report.failed.map((f) => f.reason),
          report.failed.map((f) => f.code ?? null),
        ],
      );
    }
    if (report.channelMessageId) await this.applyWaitingReceipts(manager, report.channelMessageId);
    return campaignId;
  }

  /**
   * The gateway's word that a batch's call was begun and its answer lost: the batch's slot is free, and
   * its recipients not yet accounted for wait for reconciliation (see BatchRecovery). Its campaign, or
   * undefined when the batch was reported on before.
   */
  async recordBatchUncertain(
    manager: EntityManager,
    report: BroadcastBatchUncertain,
    at: string,
  ): Promise<string | undefined> {
    const updated: [Array<{ campaign_id: string }>, number] = await manager.query(
      `UPDATE campaign_batches SET sent = 0, failed = 0, completed_at = $2
        WHERE batch_id = $1 AND completed_at IS NULL RETURNING campaign_id`,
      [report.batchId, at],
    );
    if (updated[0].length === 0) return undefined;
    const campaignId = updated[0][0].campaign_id;
    await manager.query(
      `UPDATE campaign_recipients SET uncertain_since = $4
        WHERE campaign_id = $1 AND batch_id = $2 AND citizen_id = ANY($3::text[])
          AND sent_at IS NULL AND failed_reason IS NULL`,
      [campaignId, report.batchId, report.citizenIds, report.attemptedAt],
    );
    return campaignId;
  }

  async campaignOfBatch(manager: EntityManager, batchId: string): Promise<string | undefined> {
    const rows: Array<{ campaign_id: string }> = await manager.query(
      'SELECT campaign_id FROM campaign_batches WHERE batch_id = $1',
      [batchId],
    );
    return rows[0]?.campaign_id;
  }

  /**
   * Matches a receipt to the recipient's message (Viber: one message token per broadcast call, so the
   * token finds the batch and the user id the recipient). Setting a time only where none is set makes
   * a repeated receipt harmless. A receipt that overtook the report of its batch waits in
   * unmatched_receipts; a lock per message token orders it with that report (see applyWaitingReceipts).
   */
  async recordReceipt(kind: ReceiptKind, receipt: DeliveryReceipt): Promise<boolean> {
    return this.dataSource.transaction((manager) => this.recordReceiptIn(manager, kind, receipt));
  }

  /** Many receipts in the caller's transaction, with the same effect as recordReceiptIn on each in turn. */
  async recordReceiptsIn(manager: EntityManager, staged: readonly StagedReceipt[]): Promise<void> {
    for (const { kind, receipts } of receiptsToApply(staged)) {
      const matched: Array<{ channel_message_id: string; citizen_id: string }> = await manager
        .query(
          `UPDATE campaign_recipients r SET ${receiptSet(kind, 'x.at', 'x.reason')}
             FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[]) AS x(token, citizen_id, at, reason)
             JOIN campaign_batches b ON b.channel_message_id = x.token
            WHERE r.campaign_id = b.campaign_id AND r.batch_id = b.batch_id AND r.citizen_id = x.citizen_id
           RETURNING b.channel_message_id, r.citizen_id`,
          [
            receipts.map((x) => x.channelMessageId),
            receipts.map((x) => x.citizenId),
            receipts.map((x) => x.at),
            receipts.map((x) => x.reason ?? 'failed'),
          ],
        )
        .then((result: [Array<{ channel_message_id: string; citizen_id: string }>, number]) => result[0]);
      const found = new Set(matched.map((m) => `${m.channel_message_id}\u0000${m.citizen_id}`));
      for (const receipt of receipts)
        if (!found.has(`${receipt.channelMessageId}\u0000${receipt.citizenId}`))
          await this.recordMissedReceipt(manager, kind, receipt);
    }
  }

  /** recordReceipt within the caller's transaction (a consumer's batch). */
  async recordReceiptIn(
    manager: EntityManager,
    kind: ReceiptKind,
    receipt: DeliveryReceipt,
  ): Promise<boolean> {
    if (await this.applyReceipt(manager, kind, receipt)) return true;
    return this.recordMissedReceipt(manager, kind, receipt);
  }

  /**
   * A receipt that matched no recipient: tried once more under its message token's lock, which the
   * report of its batch also takes (applyWaitingReceipts), and else kept until that report comes.
   */
  private async recordMissedReceipt(
    manager: EntityManager,
    kind: ReceiptKind,
    receipt: DeliveryReceipt,
  ): Promise<boolean> {
    await lockMessageToken(manager, receipt.channelMessageId);
    if (await this.applyReceipt(manager, kind, receipt)) return true;
    const known: unknown[] = await manager.query(
      'SELECT 1 FROM campaign_batches WHERE channel_message_id = $1 LIMIT 1',
      [receipt.channelMessageId],
    );
    if (known.length === 0) {
      await manager.query(
        `INSERT INTO unmatched_receipts (channel_message_id, citizen_id, kind, at, reason) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [receipt.channelMessageId, receipt.citizenId, kind, receipt.at, receipt.reason ?? null],
      );
    }
    return false;
  }

  private async applyReceipt(
    manager: EntityManager,
    kind: ReceiptKind,
    receipt: DeliveryReceipt,
  ): Promise<boolean> {
    const { channelMessageId, citizenId, at } = receipt;
    const set = receiptSet(kind, '$3', '$4');
    const result: [unknown[], number] = await manager.query(
      `UPDATE campaign_recipients r SET ${set}
         FROM campaign_batches b
        WHERE b.channel_message_id = $1 AND r.campaign_id = b.campaign_id AND r.batch_id = b.batch_id AND r.citizen_id = $2`,
      kind === 'failed'
        ? [channelMessageId, citizenId, at, receipt.reason ?? 'failed']
        : [channelMessageId, citizenId, at],
    );
    return result[1] > 0;
  }

  /** Held by the report of a batch and by a receipt that found no batch, so that one always sees the other's commit. */
  async applyWaitingReceipts(manager: EntityManager, channelMessageId: string): Promise<void> {
    await lockMessageToken(manager, channelMessageId);
    const waiting: Array<{ citizen_id: string; kind: ReceiptKind; at: Date; reason: string | null }> =
      await manager
        .query(
          'DELETE FROM unmatched_receipts WHERE channel_message_id = $1 RETURNING citizen_id, kind, at, reason',
          [channelMessageId],
        )
        .then(
          (r: [unknown[], number]) =>
            r[0] as Array<{ citizen_id: string; kind: ReceiptKind; at: Date; reason: string | null }>,
        );
    for (const w of waiting)
      await this.applyReceipt(manager, w.kind, {
        channelMessageId,
        citizenId: w.citizen_id,
        at: new Date(w.at).toISOString(),
        reason: w.reason ?? undefined,
      });
  }

  async stats(campaignId: string, startedAt: string | null): Promise<CampaignStats> {
    // A campaign whose recipients are past retention keeps the funnel it had (retention/).
    const [kept]: Array<{ stats: CampaignStats }> = await this.dataSource.query(
      'SELECT stats FROM campaign_final_stats WHERE campaign_id = $1',
      [campaignId],
    );
    if (kept) return kept.stats;
    const [counts]: Array<{ planned: string; sent: string; delivered: string; seen: string }> =
      await this.dataSource.query(
        `SELECT count(*) AS planned, count(sent_at) AS sent, count(delivered_at) AS delivered, count(seen_at) AS seen
         FROM campaign_recipients WHERE campaign_id = $1`,
        [campaignId],
      );
    const reasons: Array<{ reason: string; n: string }> = await this.dataSource.query(
      `SELECT reason, count(*) AS n FROM (
         SELECT failed_reason AS reason FROM campaign_recipients WHERE campaign_id = $1 AND failed_reason IS NOT NULL
         UNION ALL
         SELECT receipt_failed_reason FROM campaign_recipients WHERE campaign_id = $1 AND receipt_failed_at IS NOT NULL AND failed_reason IS NULL
       ) f GROUP BY reason ORDER BY reason`,
      [campaignId],
    );
    const [unsubscribed]: Array<{ n: string }> = startedAt
      ? await this.dataSource.query(
          // From the few who unsubscribed lately to the recipients, not the other way round.
          `SELECT count(*) AS n FROM subscribers s
            WHERE s.unsubscribed_at >= $2
              AND EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.campaign_id = $1 AND r.citizen_id = s.citizen_id)`,
          [campaignId, startedAt],
        )
      : [{ n: '0' }];
    const progress = await this.progress(campaignId);
    const byReason = Object.fromEntries(reasons.map((r) => [r.reason, Number(r.n)]));
    return {
      planned: Number(counts.planned),
      sent: Number(counts.sent),
      delivered: Number(counts.delivered),
      seen: Number(counts.seen),
      failed: { total: Object.values(byReason).reduce((a, b) => a + b, 0), byReason },
      unsubscribedSince: Number(unsubscribed.n),
      batches: { planned: progress?.batchesPlanned ?? 0, completed: progress?.batchesCompleted ?? 0 },
    };
  }
}
