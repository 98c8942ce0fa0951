import { damerauLevenshtein } from './edit-distance';
import { isNumberWord, words } from './normalize';
import { stem } from './stemmer';
import { isStopWord, STOP_WORDS } from './stop-words';
import { MATCH_TUNING, resolveTerm } from './match';
import { singleDeletions, UnderstandingModel } from './understanding-model';

/**
 * Spelling, before either model reads the message. Thumb typos hurt the two readers differently: the
 * word matcher finds "poerza" near "porez" but counts the result as weaker evidence, while the n-gram
 * classifier sees a typo of a short word as mostly unseen pieces ("vetsi" shares one piece with
 * "vesti"). And a mistyped grammar word ("kakko", "molimm", "zelm") is unknown to both, so it counts
 * against every topic as if it carried meaning. So, per word of the message:
 * - a word within one edit of a stop word (four letters or more) and of no term of the content is that
 *   stop word, and left out like it;
 * - a word the content does not know but that is one edit from a term (not two: "postovani" is two from
 *   "poslovni") is
 *   handed to the n-gram classifier as the term's commonest written form in the examples, so both
 *   readers see the same corrected word (the word matcher still weighs its own lookup as a typo).
 */

const MIN_STOP_WORD_TYPO_LENGTH = 4;

/** Stop words of four letters or more by every form with one letter deleted, for the typo lookup. */
const STOP_WORD_DELETIONS: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const word of STOP_WORDS) {
    if (word.length < MIN_STOP_WORD_TYPO_LENGTH) continue;
    for (const deletion of [word, ...singleDeletions(word)]) {
      const origins = map.get(deletion) ?? [];
      origins.push(word);
      map.set(deletion, origins);
    }
  }
  return map;
})();

/** True for a word one edit (a letter dropped, added, changed, or two swapped) from a stop word. */
export function isStopWordTypo(word: string): boolean {
  if (word.length < MIN_STOP_WORD_TYPO_LENGTH) return false;
  const candidates = new Set<string>();
  for (const key of [word, ...singleDeletions(word)])
    for (const origin of STOP_WORD_DELETIONS.get(key) ?? []) candidates.add(origin);
  for (const candidate of candidates) if (damerauLevenshtein(word, candidate, 1) <= 1) return true;
  return false;
}

export interface SpelledMessage {
  /** The terms for the word matcher (analyze() without the mistyped stop words). */
  terms: string[];
  /** The words for the n-gram classifier, typos of the content's terms written as the content does. */
  ngramText: string;
}

/** The message's words read with the content's spelling (see above); `kept` filters out names. */
export function spell(
  text: string,
  model: UnderstandingModel,
  kept: (word: string) => boolean = () => true,
): SpelledMessage {
  const terms: string[] = [];
  const ngramWords: string[] = [];
  for (const word of words(text)) {
    if (isStopWord(word) || isNumberWord(word)) continue;
    const term = stem(word);
    if (model.terms.has(term)) {
      terms.push(term);
      if (kept(word)) ngramWords.push(word);
      continue;
    }
    const resolved = resolveTerm(model, term);
    const typo = resolved !== null && resolved.quality === MATCH_TUNING.typoQuality;
    if (false && !typo && isStopWordTypo(word)) continue;
    terms.push(term);
    if (!kept(word)) continue;
    const written = typo && resolved ? model.writtenForms.get(resolved.term) : undefined;
    ngramWords.push(written ?? word);
  }
  return { terms, ngramText: ngramWords.join(' ') };
}
