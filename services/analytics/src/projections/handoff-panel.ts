import { weekStart } from '../calendar/municipal-calendar';
import { CounterDelta } from './figure-counters';

/**
 * The handoff panel pre-aggregated: one row per bucket (UTC hour, local day, local week), department and
 * operator with every measure the panel shows, so that the panel reads one row per line it prints
 * (`handoff_hourly`, `handoff_daily`, `handoff_weekly`). Sessions queued and the unanswered ones are
 * counted under the department alone (operator ''); the other measures under the operator too.
 */

/** The panel's measures: counts and sums (seconds, ratings), averages being sum / count. */
export const HANDOFF_PANEL_MEASURES = [
  'queued',
  'unanswered',
  'assigned',
  'waitSeconds',
  'firstReplies',
  'firstReplySeconds',
  'handled',
  'handlingSeconds',
  'ratings',
  'ratingSum',
] as const;

export type HandoffPanelMeasure = (typeof HANDOFF_PANEL_MEASURES)[number];

/** The column each measure is stored in. */
export const HANDOFF_PANEL_COLUMNS: Readonly<Record<HandoffPanelMeasure, string>> = {
  queued: 'queued',
  unanswered: 'unanswered',
  assigned: 'assigned',
  waitSeconds: 'wait_s',
  firstReplies: 'first_replies',
  firstReplySeconds: 'first_reply_s',
  handled: 'handled',
  handlingSeconds: 'handling_s',
  ratings: 'ratings',
  ratingSum: 'rating_sum',
};

/** The sums (not counts) among the measures: stored as double precision. */
export const HANDOFF_PANEL_SUMS: ReadonlySet<HandoffPanelMeasure> = new Set([
  'waitSeconds',
  'firstReplySeconds',
  'handlingSeconds',
  'ratingSum',
]);

export type HandoffPanelMeasures = Record<HandoffPanelMeasure, number>;

/** A change to one panel line: a UTC hour, the local day and the local week (its Monday) it falls in. */
export interface HandoffPanelDelta extends HandoffPanelMeasures {
  hour: string;
  day: string;
  week: string;
  department: string;
  operatorId: string;
}

export const noHandoffMeasures = (): HandoffPanelMeasures => ({
  queued: 0,
  unanswered: 0,
  assigned: 0,
  waitSeconds: 0,
  firstReplies: 0,
  firstReplySeconds: 0,
  handled: 0,
  handlingSeconds: 0,
  ratings: 0,
  ratingSum: 0,
});

/**
 * Which measures a handoff figure's change adds to, and on which operator's line; null when the panel
 * does not show it (sessions ended other than unanswered).
 */
function panelLineOf(
  d: CounterDelta,
): { operatorId: string; count: HandoffPanelMeasure; sum?: HandoffPanelMeasure } | null {
  switch (d.figure) {
    case 'handoff-queued':
      return { operatorId: '', count: 'queued' };
    case 'handoff-ended':
      return d.dimensions.endedBy === 'unanswered' ? { operatorId: '', count: 'unanswered' } : null;
    case 'handoff-wait':
      return { operatorId: d.dimensions.operatorId, count: 'assigned', sum: 'waitSeconds' };
    case 'handoff-first-reply':
      return { operatorId: d.dimensions.operatorId, count: 'firstReplies', sum: 'firstReplySeconds' };
    case 'handoff-handling':
      return { operatorId: d.dimensions.operatorId, count: 'handled', sum: 'handlingSeconds' };
    case 'handoff-rating':
      return { operatorId: d.dimensions.operatorId, count: 'ratings', sum: 'ratingSum' };
    default:
      return null;
  }
}

/** The handoff figures' changes as changes to panel lines, one per hour, department and operator. */
export function handoffPanelOf(deltas: readonly CounterDelta[]): HandoffPanelDelta[] {
  const lines = new Map<string, HandoffPanelDelta>();
  for (const d of deltas) {
    const line = panelLineOf(d);
    if (!line || !('department' in d.dimensions)) continue;
    const department = d.dimensions.department;
    const key = `${d.hour}\u0000${department}\u0000${line.operatorId}`;
    let row = lines.get(key);
    if (!row) {
      row = {
        hour: d.hour,
        day: d.day,
        week: weekStart(d.day),
        department,
        operatorId: line.operatorId,
        ...noHandoffMeasures(),
      };
      lines.set(key, row);
    }
    row[line.count] += d.n;
    if (line.sum) row[line.sum] += d.s;
  }
  return [...lines.values()];
}
