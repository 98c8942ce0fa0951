import { words } from './normalize';
import { stem } from './stemmer';
import { isStopWord } from './stop-words';

/** The terms a text contributes to matching: normalised, stop words and bare numbers dropped, stemmed. */
export function analyze(text: string): string[] {
  return words(text)
    .filter((word) => !isStopWord(word) && !/^\d+$/.test(word))
    .map(stem);
}
