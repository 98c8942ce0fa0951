import { CitizenKeys, FAREWELL_HOURS } from '@citizen-desk/event-store';
import { RetentionRule } from '@citizen-desk/service-kit';

/**
 * A forgotten citizen's Viber id waits in the privacy schema only for the answer to "forget me". The
 * sender deletes it once that answer is recorded; this rule removes those whose answer never came.
 * Each row carries its own end (`until`), so the rule's cutoff is not used.
 */
export function farewellsRule(keys: Pick<CitizenKeys, 'farewellsSaid'>): RetentionRule {
  return {
    kind: 'farewells',
    days: FAREWELL_HOURS / 24,
    deleteOlderThan: () => keys.farewellsSaid([]),
  };
}
