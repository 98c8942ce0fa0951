import { normalize, words } from './normalize';
import { isStopWord } from './stop-words';
import rudeness from './data/rudeness.json';

/**
 * Insults and rude dismissals (data/rudeness.json). An angry citizen's "idioti ste" or "nosi se" is no
 * request, yet its words are close to the content's: "stoko" is one letter from "stop" (unsubscribe),
 * "glup" from "grup" (gatherings), "nosi se" shares "nositi" with the masks of the health measures. So:
 * - a message of nothing but insults and dismissals (and grammar words) is not answered at all;
 * - an insult word inside a longer message counts as a word the content does not know (against every
 *   topic) and is never corrected into a topic's word (spelling.ts, match.ts). A report with a curse
 *   in it ("jebem ti, nema vode tri dana") is still read for its report.
 * Insults are matched as written words, not stems: stems collide with everyday words ("pička" and
 * "pick", "ćuti" and "cut").
 */

const INSULT_WORDS: ReadonlySet<string> = new Set(rudeness.words.flatMap(words));

/** A query term that stands for an insult: unknown to every topic and never taken for a typo. */
export const INSULT_TERM_PREFIX = '!insult:';

/** Dismissals as their content words ("nosi se" → "nosi"), so grammar words around them do not matter. */
const contentWords = (text: string) => words(text).filter((word) => !isStopWord(word));
const DISMISSALS: ReadonlySet<string> = new Set(
  rudeness.dismissals.map((phrase) => contentWords(phrase).join(' ')).filter((phrase) => phrase.length > 0),
);
/** Whom an insult is thrown at, or a filler around it ("bre", "bote"): part of the insult. */
const FILLERS: ReadonlySet<string> = new Set(
  ['bre', 'bot', 'bote', 'more', 'ba', 'jedan', 'jedna', 'jedni', 'jedne'].map(normalize),
);

const INDIGNATION: ReadonlySet<string> = new Set(rudeness.indignation.flatMap(words));

export function isInsultWord(normalizedWord: string): boolean {
  return INSULT_WORDS.has(normalizedWord);
}

/** True when an insult or a word of indignation ("sramota") is anywhere in the message. */
export function hasRudeness(text: string): boolean {
  return words(text).some((word) => isInsultWord(word) || INDIGNATION.has(word));
}

/** True when the message holds insults or a dismissal and nothing else (grammar words aside). */
export function isOnlyRudeness(text: string): boolean {
  const content = contentWords(text);
  const rest = content.filter((word) => !isInsultWord(word) && !FILLERS.has(word));
  if (rest.length === 0) return content.some(isInsultWord);
  return DISMISSALS.has(rest.join(' '));
}
