import { isNumberWord, words } from './normalize';
import { stem } from './stemmer';
import { isStopWord, isTimesAfterCount } from './stop-words';

/** The terms a text contributes to matching: normalised, stop words and numbers (with a unit glued on or not) dropped, stemmed. */
export function analyze(text: string): string[] {
  return words(text)
    .filter((word, index, all) => !isStopWord(word) && !isNumberWord(word) && !isTimesAfterCount(all, index))
    .map(stem);
}
