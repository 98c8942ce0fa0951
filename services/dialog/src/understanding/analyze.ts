import { isNumberWord, words } from './normalize';
import { stem } from './stemmer';
import { isStopWord } from './stop-words';

/** The terms a text contributes to matching: normalised, stop words and numbers (with a unit glued on or not) dropped, stemmed. */
export function analyze(text: string): string[] {
  return words(text)
    .filter((word) => !isStopWord(word) && !isNumberWord(word))
    .map(stem);
}
