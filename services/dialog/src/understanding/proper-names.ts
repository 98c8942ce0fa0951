import { analyze } from './analyze';

/**
 * Names of places, streets and people are the commonest words a report or a question carries that no
 * example can have ("pao je bor na put kod Pržna", "rupa u Ulici Mediteranskoj"). Written with a capital
 * inside a sentence, a word the content does not know is most likely such a name: it says where or who,
 * not what about, so it should not count against every topic as an unexplained word would. The first
 * word of a sentence is left alone (it is capitalised anyway), and so is a message written all in
 * capitals.
 */

const SENTENCE_BREAK = /[.!?\n]+/u;
const CAPITALISED = /^\p{Lu}\p{Ll}/u;

/** The terms (as analyze() gives them) of words written capitalised inside a sentence. */
export function properNameTerms(text: string): Set<string> {
  const names = new Set<string>();
  if (text.toUpperCase() === text) return names;
  for (const sentence of text.split(SENTENCE_BREAK)) {
    const tokens = sentence.split(/[\s,;:()"“”„]+/u).filter((token) => token.length > 0);
    for (const token of tokens.slice(1)) {
      if (CAPITALISED.test(token)) for (const term of analyze(token)) names.add(term);
    }
  }
  return names;
}
