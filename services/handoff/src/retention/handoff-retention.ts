import { RetentionRule, statementRule } from '@citizen-desk/service-kit';
import { CLOSED_REPORT_STATUSES } from '@citizen-desk/contracts';

/**
 * Closed operator sessions, `days` after they ended: the read model row and the session's stream
 * (transcript, notes, rating) in one statement. Open sessions are never touched.
 */
export function handoffSessionsRule(days: number): RetentionRule {
  return {
    kind: 'handoff-sessions',
    days,
    async deleteOlderThan(m, before) {
      const [{ n }] = await m.query(
        `WITH gone AS (
           DELETE FROM handoff_sessions WHERE status = 'closed' AND ended_at < $1 RETURNING id),
         streams AS (
           DELETE FROM events WHERE stream_id IN (SELECT 'handoff-session-' || id FROM gone))
         SELECT count(*)::int AS n FROM gone`,
        [before],
      );
      return n;
    },
  };
}

/**
 * Closed citizen reports (resolved, not ours, duplicate), `days` after their last change: the report, its photo and its stream, in
 * one transaction (the photo after the report, which refers to it).
 */
export function reportsRule(days: number): RetentionRule {
  return {
    kind: 'reports',
    days,
    deleteOlderThan: (m, before) =>
      m.transaction(async (tx) => {
        const [gone]: [Array<{ reference: string; photo_id: string | null }>, number] = await tx.query(
          `DELETE FROM reports WHERE status = ANY($1) AND updated_at < $2 RETURNING reference, photo_id`,
          [CLOSED_REPORT_STATUSES, before],
        );
        if (gone.length === 0) return 0;
        const photos = gone.map((r) => r.photo_id).filter((id): id is string => id !== null);
        if (photos.length > 0) await tx.query('DELETE FROM report_photos WHERE id = ANY($1)', [photos]);
        await tx.query('DELETE FROM events WHERE stream_id = ANY($1)', [
          gone.map((r) => `report-${r.reference}`),
        ]);
        return gone.length;
      }),
  };
}

/** What a citizen told the bot, kept for the operator who takes their next session, `days` after it was said. */
export const handoffHistoryRule = (days: number): RetentionRule =>
  statementRule('handoff-history', days, 'DELETE FROM handoff_citizen_history WHERE at < $1');

/** A report's photo, `days` after it was stored; the report stays (its `photo_id` clears by itself). */
export const reportPhotosRule = (days: number): RetentionRule =>
  statementRule('report-photos', days, 'DELETE FROM report_photos WHERE stored_at < $1');

/**
 * Staff accounts, `days` after they were deactivated: the holder's personal data goes, the account's id
 * and roles stay (EraseStaffAccounts). `erase` runs on its own transactions, one per account.
 */
export const staffAccountsRule = (days: number, erase: (before: Date) => Promise<number>): RetentionRule => ({
  kind: 'staff-accounts',
  days,
  deleteOlderThan: (_m, before) => erase(before),
});
