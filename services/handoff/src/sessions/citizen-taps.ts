import { OPERATOR_REQUEST_TAP, readHandoffTap } from '@citizen-desk/contracts';

/** What one message of the citizen does to handoff sessions. */
export type CitizenMessageRoute =
  | { kind: 'end'; sessionId: string }
  | { kind: 'forward'; sessionId: string }
  | { kind: 'rate'; rating: number }
  | { kind: 'none' };

/**
 * Routes a citizen's message by what they tapped and whether they are talking to a person now
 * (`openSessionId`). A rating tap rates their last ended session, never the open one; tapped on an
 * old keyboard while a new session is open, it is neither a rating nor words for the operator.
 */
export function routeCitizenMessage(
  text: string | undefined,
  openSessionId: string | null,
): CitizenMessageRoute {
  const tap = readHandoffTap(text);
  if (openSessionId) {
    if (tap?.kind === 'end') return { kind: 'end', sessionId: openSessionId };
    if (tap?.kind === 'rate' || text?.trim() === OPERATOR_REQUEST_TAP) return { kind: 'none' };
    return { kind: 'forward', sessionId: openSessionId };
  }
  if (tap?.kind === 'rate') return { kind: 'rate', rating: tap.rating };
  return { kind: 'none' };
}

/** The earliest end of a session the citizen may still rate at `now`. */
export function ratingWindowStart(now: Date, windowHours: number): Date {
  return new Date(now.getTime() - windowHours * 3_600_000);
}
