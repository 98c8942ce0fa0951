import { Weekday } from '../../office-hours/office-hours';
import { cnrCyrl } from './cnr-Cyrl';
import { cnrLatn } from './cnr-Latn';
import { en } from './en';

/** What the handoff service says to a citizen, one file per language. */
export interface CitizenTexts {
  /** `waitMinutes` is a measured recent wait, or null when there is none to tell. */
  queued(position: number, waitMinutes: number | null): string;
  queuedOutsideHours(hours: string): string;
  /** No office hours are configured: no wait estimate, no "closed", an operator answers when available. */
  queuedHoursUnknown(position: number): string;
  assigned(operatorName: string): string;
  transferred: string;
  endedByOperator: string;
  endedByCitizen: string;
  waitedTooLong: string;
  idle: string;
  askRating: string;
  ratingThanks: string;
  endButton: string;
  dayNames: Record<Weekday, string>;
}

export const CITIZEN_TEXTS: Record<string, CitizenTexts> = { 'cnr-Latn': cnrLatn, 'cnr-Cyrl': cnrCyrl, en };

/** The texts in the session's language; Montenegrin (Latin) when the language is unknown. */
export function citizenTextsFor(language: string): CitizenTexts {
  return CITIZEN_TEXTS[language] ?? cnrLatn;
}
