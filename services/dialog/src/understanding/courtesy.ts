import { analyze } from './analyze';
import { normalize } from './normalize';
import courtesy from './data/courtesy.json';

/**
 * A greeting before a question and thanks after it ("Dobar dan, … Hvala unaprijed") say nothing about
 * what is asked, yet every word counts in the matcher's and the n-gram classifier's reading: they dilute
 * the question and pull towards the greeting and thanks topics. So they are taken off both ends of the
 * message (data/courtesy.json) before it is read as a whole, but only when something with content is
 * left: "dobar dan" or "veliko hvala" alone stays small talk.
 */

const toWords = (phrase: string) => normalize(phrase).split(' ').filter(Boolean);
/** Longest first, so "hvala unaprijed" is taken whole before "hvala". */
const byLength = (a: string[], b: string[]) => b.length - a.length;
const OPENINGS: readonly string[][] = courtesy.openings.map(toWords).sort(byLength);
const CLOSINGS: readonly string[][] = courtesy.closings.map(toWords).sort(byLength);
const OPENING_WORDS = new Set(OPENINGS.map((phrase) => phrase[0]));
/** Whom a greeting greets ("zdravo bote", "dobar dan opštino"): part of the greeting, never on their own. */
const ADDRESSEES: ReadonlySet<string> = new Set(courtesy.addressees.flatMap(toWords));
const CLOSING_WORDS = new Set(CLOSINGS.map((phrase) => phrase[phrase.length - 1]));

/**
 * The terms of the courtesy phrases ("postovan", "unaprijed"): never a typo of a topic's term
 * ("poštovani" is two edits from "poslovni"), whatever the content's vocabulary.
 */
export const COURTESY_TERMS: ReadonlySet<string> = new Set(
  [...courtesy.openings, ...courtesy.closings, ...courtesy.addressees].flatMap(analyze),
);

/**
 * What must be left for the courtesy to come off: one content word ("Dobar dan, porez. Pozdrav"). The
 * words that go with courtesy ("veliko" of "veliko hvala", "bote" of "zdravo bote") are in its phrases
 * and addressees, so a lone word left over is the question; the whole message is read as well, and
 * small talk is the answer when that word alone is about no service.
 */
const MIN_CONTENT_TERMS = 1;

/** The phrase's words from token `at` on (tokens with no word of their own, like "-", are skipped). */
function matchForward(
  normalized: readonly string[],
  at: number,
  end: number,
  phrase: readonly string[],
): number {
  let index = at;
  for (const word of phrase) {
    while (index < end && normalized[index] === '') index++;
    if (index >= end || normalized[index] !== word) return -1;
    index++;
  }
  return index;
}

function matchBackward(normalized: readonly string[], end: number, phrase: readonly string[]): number {
  let index = end;
  for (let k = phrase.length - 1; k >= 0; k--) {
    while (index > 0 && normalized[index - 1] === '') index--;
    if (index === 0 || normalized[index - 1] !== phrase[k]) return -1;
    index--;
  }
  return index;
}

/** Words that open thanks, normalised: "hvala", "thanks", "thank you", "zahvaljujem". */
const THANKS_WORDS: ReadonlySet<string> = new Set(['hvala', 'fala', 'zahvaljujem', 'thanks', 'thank', 'thx']);

/**
 * The thanks that opens a message before something else ("Hvala na odgovoru. Još mi treba…", "Thanks
 * for the info yesterday. Now…"), as written; null when the message does not open with thanks or is
 * nothing but thanks. Thanks at the start is for an earlier answer, unlike "hvala unaprijed" at the end.
 */
export function openingThanks(text: string): string | null {
  const tokens = text.split(/\s+/u).filter((token) => token.length > 0);
  const normalized = tokens.map(normalize);
  if (!THANKS_WORDS.has(normalized[0]?.split(' ')[0] ?? '')) return null;
  let end = -1;
  for (const phrase of OPENINGS) {
    if (!THANKS_WORDS.has(phrase[0])) continue;
    end = Math.max(end, matchForward(normalized, 0, tokens.length, phrase));
  }
  if (end <= 0 || end >= tokens.length) return null;
  return tokens.slice(0, end).join(' ');
}

/** True when the text is only courtesy ("Poštovani,", "Hvala unaprijed."), wherever it stands in a message. */
export function isCourtesy(text: string): boolean {
  const tokens = text.split(/\s+/u).filter((token) => token.length > 0);
  if (tokens.length === 0) return false;
  const normalized = tokens.map(normalize);
  const end = normalized.length;
  return [...OPENINGS, ...CLOSINGS].some((phrase) => {
    const next = matchForward(normalized, 0, end, phrase);
    if (next < 0) return false;
    let at = next;
    while (at < end && (normalized[at] === '' || ADDRESSEES.has(normalized[at]))) at++;
    return at === end;
  });
}

/**
 * The text without the greetings that open it and the thanks that close it, as written (capitals kept,
 * for the name detection); the text itself when nothing with content would be left.
 */
export function withoutCourtesy(text: string): string {
  const tokens = text.split(/\s+/u).filter((token) => token.length > 0);
  if (tokens.length < 2) return text;
  // Most messages neither open nor close with courtesy: two words normalised settle that.
  const first = normalize(tokens[0]).split(' ')[0];
  const last =
    normalize(tokens[tokens.length - 1])
      .split(' ')
      .pop() ?? '';
  if (!OPENING_WORDS.has(first) && !CLOSING_WORDS.has(last)) return text;
  const normalized = tokens.map(normalize);
  let start = 0;
  let end = tokens.length;
  for (let moved = true; moved && start < end;) {
    moved = false;
    for (const phrase of OPENINGS) {
      const next = matchForward(normalized, start, end, phrase);
      if (next > start) {
        start = next;
        while (start < end && (normalized[start] === '' || ADDRESSEES.has(normalized[start]))) start++;
        moved = true;
        break;
      }
    }
    for (const phrase of CLOSINGS) {
      const previous = matchBackward(normalized, end, phrase);
      if (previous >= start && previous < end) {
        end = previous;
        moved = true;
        break;
      }
    }
  }
  if (start === 0 && end === tokens.length) return text;
  const kept = tokens.slice(start, end).join(' ');
  return analyze(kept).length >= MIN_CONTENT_TERMS ? kept : text;
}
