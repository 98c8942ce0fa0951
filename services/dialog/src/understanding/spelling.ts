import { isNumberWord, words } from './normalize';
import { stem } from './stemmer';
import { isStopWord, isTimesAfterCount } from './stop-words';
import { MATCH_TUNING, resolveTerm } from './match';
import { UnderstandingModel } from './understanding-model';
import { INSULT_TERM_PREFIX, isInsultWord } from './rudeness';

/**
 * Spelling, before either model reads the message. Thumb typos hurt the two readers differently: the
 * word matcher finds "poerza" near "porez" but counts the result as weaker evidence, while the n-gram
 * classifier sees a typo of a short word as mostly unseen pieces ("vetsi" shares one piece with
 * "vesti"). So a word the content does not know but that is one edit from a term, or two for a word of
 * seven letters or more with the same first letter ("sekertarjat"; match.ts), is handed to the n-gram
 * classifier as the term's commonest written form in the examples, and both readers see the same
 * corrected word (the word matcher still weighs its own lookup as a typo). Words of the outside phrases
 * are never corrected (understanding-model.ts `outsideTerms`), nor courtesy words by two edits
 * ("postovani" is two from "poslovni"; courtesy.ts `COURTESY_TERMS`).
 */

export interface SpelledMessage {
  /** The terms for the word matcher (as analyze() gives them; an insult as an unknown term, rudeness.ts). */
  terms: string[];
  /** The words for the n-gram classifier, typos of the content's terms written as the content does. */
  ngramText: string;
}

/**
 * The message's words read with the content's spelling (see above); `kept` filters out names. A
 * mistyped stop word ("kakko", "zelm") is not taken for its stop word: tried, it answered more
 * off-topic messages (short unknown words such as "cena" or "pada" are one edit from a stop word).
 */
export function spell(
  text: string,
  model: UnderstandingModel,
  kept: (word: string) => boolean = () => true,
): SpelledMessage {
  const terms: string[] = [];
  const ngramWords: string[] = [];
  const all = words(text);
  for (const [index, word] of all.entries()) {
    if (isStopWord(word) || isNumberWord(word) || isTimesAfterCount(all, index)) continue;
    if (isInsultWord(word)) {
      // The word matcher weighs it (rudeness.ts); the n-gram classifier does not see it: the outside
      // class holds insults, and a curse in front of a report ("jebem ti ovo, nema vode") would pull
      // the whole message outside, clauses and all.
      terms.push(`${INSULT_TERM_PREFIX}${word}`);
      continue;
    }
    const term = stem(word);
    if (model.terms.has(term)) {
      terms.push(term);
      if (kept(word)) ngramWords.push(word);
      continue;
    }
    const resolved = resolveTerm(model, term);
    const typo =
      resolved !== null &&
      (resolved.quality === MATCH_TUNING.typoQuality || resolved.quality === MATCH_TUNING.doubleTypoQuality);
    terms.push(term);
    if (!kept(word)) continue;
    const written = typo && resolved ? model.writtenForms.get(resolved.term) : undefined;
    ngramWords.push(written ?? word);
  }
  return { terms, ngramText: ngramWords.join(' ') };
}
