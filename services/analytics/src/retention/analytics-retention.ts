import { PERSONAL_FIELDS } from '@citizen-desk/contracts';
import { RetentionRule } from '@citizen-desk/service-kit';
import { EntityManager } from 'typeorm';
import { COPY_HOLDS_TEXT } from '../migrations';
import { PROJECTION_LOCK } from '../projections/projector';

/** Event copies blanked per statement: a first run over years of copies goes in steps, not one long lock. */
const COPIES_PER_STATEMENT = 5000;

/** The events whose copies may hold what a citizen wrote: sealed fields, and an editor's copy of a question. */
const TEXT_EVENT_TYPES = [...Object.keys(PERSONAL_FIELDS), 'NotUnderstoodDismissed'];

/** Runs `work` in a transaction that holds the projection lock, so that no batch is folded meanwhile. */
function underProjectionLock<T>(m: EntityManager, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return m.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [PROJECTION_LOCK]);
    return work(tx);
  });
}

/**
 * What citizens wrote, as analytics keeps it, `days` after it was written: the not-understood inbox
 * (`not_understood`), its per-question counters (figure `not-understood`, keyed by the text; the count
 * of not-understood questions stays in the `questions` figure), the editors' dismissals of such texts
 * (they hide nothing older than the inbox keeps), and in analytics' copy of the events the sealed
 * personal fields with their placeholders, as a forget does, so that a rebuild finds no text either.
 * Days are counted in `timeZone` for the daily counters: a day goes once all of it is past.
 */
export function questionTextsRule(days: number, timeZone: string): RetentionRule {
  return {
    kind: 'question-texts',
    days,
    async deleteOlderThan(m, before) {
      const rows = await underProjectionLock(m, async (tx) => {
        const [, n]: [unknown, number] = await tx.query('DELETE FROM not_understood WHERE hour < $1', [
          before,
        ]);
        await tx.query(`DELETE FROM counts_hourly WHERE figure = 'not-understood' AND hour < $1`, [before]);
        await tx.query(
          `DELETE FROM counts_daily WHERE figure = 'not-understood' AND day < ($1::timestamptz AT TIME ZONE $2)::date`,
          [before, timeZone],
        );
        await tx.query('DELETE FROM not_understood_dismissals WHERE dismissed_at < $1', [before]);
        return n;
      });
      let copies = 0;
      for (;;) {
        const n = await underProjectionLock(m, async (tx) => {
          const [, blanked]: [unknown, number] = await tx.query(
            `UPDATE analytics_events
                SET envelope = (envelope - 'sealed') #- '{data,text}' #- '{data,citizenName}'
                               #- '{data,message,text}' #- '{data,citizen,name}' #- '{data,question}'
              WHERE id IN (
                SELECT id FROM analytics_events
                 WHERE ${COPY_HOLDS_TEXT} AND occurred_at < $1 AND type = ANY($2)
                 LIMIT $3)`,
            [before, TEXT_EVENT_TYPES, COPIES_PER_STATEMENT],
          );
          return blanked;
        });
        copies += n;
        if (n < COPIES_PER_STATEMENT) break;
      }
      return rows + copies;
    },
  };
}

/**
 * Analytics' row of a citizen who is not subscribed, `days` after the last sign of them (first seen,
 * subscription change, last notice). The fold treats such a row as gone whether or not this ran yet
 * (SubscribersFold), so a citizen who comes back counts as new, live and in a rebuild alike.
 */
export function analyticsCitizensRule(days: number): RetentionRule {
  return {
    kind: 'analytics-citizens',
    days,
    deleteOlderThan: (m, before) =>
      underProjectionLock(m, async (tx) => {
        const [, n]: [unknown, number] = await tx.query(
          `DELETE FROM citizens
            WHERE NOT subscribed AND greatest(first_seen_at, state_at, last_campaign_at) < $1`,
          [before],
        );
        return n;
      }),
  };
}
