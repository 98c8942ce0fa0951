import { analyze } from './analyze';
import { isNumberWord, words } from './normalize';
import { stem } from './stemmer';
import { isStopWord } from './stop-words';
import placeNames from './data/place-names.json';

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

/**
 * The municipality's own place names (data/place-names.json), which citizens often write in lower case
 * ("smeće kod kontejnera u rozinu"), so the capital letter cannot tell them. A word is taken for one when
 * it is the name, has the name's stem, or (for stems of five letters or more) begins with it: the case
 * endings differ ("Bečićima", "Pržna", "Lazarija"). Normalised like the text, so either script matches.
 */
const PLACE_STEMS: readonly string[] = [
  ...new Set(
    Object.entries(placeNames)
      .filter(([group]) => !group.startsWith('_'))
      .flatMap(([, names]) => (Array.isArray(names) ? names : []))
      .flatMap((name) => words(name))
      .map(stem),
  ),
];
const MIN_PREFIX_STEM = 5;
/** The place stems by their first three letters: most words of a message start like no place at all. */
const PLACES_BY_START = new Map<string, string[]>();
for (const place of PLACE_STEMS) {
  const start = place.slice(0, 3);
  PLACES_BY_START.set(start, [...(PLACES_BY_START.get(start) ?? []), place]);
}

function isPlaceName(word: string): string | null {
  const candidates = PLACES_BY_START.get(word.slice(0, 3));
  if (!candidates) return null;
  const wordStem = stem(word);
  const named = candidates.some(
    (place) => place === wordStem || (place.length >= MIN_PREFIX_STEM && word.startsWith(place)),
  );
  return named ? wordStem : null;
}

/** The terms (as analyze() gives them) of the words that are the municipality's place names. */
export function placeNameTerms(text: string): Set<string> {
  const names = new Set<string>();
  for (const word of words(text)) {
    if (isStopWord(word) || isNumberWord(word)) continue;
    const place = isPlaceName(word);
    if (place !== null) names.add(place);
  }
  return names;
}
