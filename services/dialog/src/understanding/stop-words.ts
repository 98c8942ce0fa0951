import { normalize } from './normalize';
import stopWordGroups from './data/stop-words.json';

/**
 * Words that carry no topic in any of the languages, kept as data (data/stop-words.json) grouped by why
 * they are there:
 * - montenegrin-grammar: pronouns, prepositions, conjunctions, auxiliaries, question words, politeness;
 * - montenegrin-hour: "sat" is the everyday hour/clock ("koliko je sati"); in "policijski sat" the other
 *   word carries the topic;
 * - montenegrin-everyday: words too common to tell a topic on their own ("kako se zoveš",
 *   "koji je danas dan", "mjesto" of "da li sam na pravom mjestu", "dobiti" of "mogu li dobiti…",
 *   whose stem "dob" met "doba" and "dobar");
 * - number-words: how many, written out ("dvadesetak ljudi", "dva dana"), like digits (normalize.ts);
 * - montenegrin-to-be: negated and affirmed "to be" and its participles are grammar ("nisam platio porez");
 * - montenegrin-negative-pronouns: they only reinforce a negation ("ne želim nikakve poruke", "niko se ne
 *   javlja"), with their English counterparts;
 * - montenegrin-prepositions: where and when ("ispred zgrade", "oko radova", "poslije posla") is grammar
 *   too, so the examples of one topic do not teach it that "ispred" means that topic;
 * - english-grammar: the English counterparts, including those of the Montenegrin time words, indefinite
 *   pronouns and verbs of asking and needing ("yesterday", "someone", "asked", "needed", "day" as "dana" is): unknown to the
 *   content, they counted against every topic where "juče", "neko", "pitao" did not;
 * - montenegrin-adverbs, english-fillers: intensifiers, fillers and "every" of everyday writing ("baš", "svaki",
 *   "uvijek", "really", "lol") that colour a story without naming what it is about;
 * - montenegrin-colloquial: question particles and verbs as spoken ("dal" for da li, "imal", "kolko",
 *   "oću" without its h);
 * - english-contractions: "aren't", "there's" lose their apostrophe in normalize() and are grammar too
 *   ("ill" is left out: it also means sick).
 * The words are written as citizens write them and normalised here, so the list reads naturally.
 */
const STOP_WORDS: ReadonlySet<string> = new Set(Object.values(stopWordGroups).flat().map(normalize));

/** True for words that carry no topic (prepositions, pronouns, question words) in any of the three languages. */
export function isStopWord(normalizedWord: string): boolean {
  return STOP_WORDS.has(normalizedWord);
}

/** Words that count how many: with them "puta" is "times" ("tri puta sam zvao"), not the road's "puta". */
const COUNTS: ReadonlySet<string> = new Set(
  [
    ...stopWordGroups['number-words'],
    'više',
    'nekoliko',
    'par',
    'mnogo',
    'puno',
    'bezbroj',
    'sto',
    'milion',
  ].map(normalize),
);

/**
 * True for "puta" right after a count ("tri puta", "5 puta", "nekoliko puta"): how often, not a road
 * ("rupa nasred puta"), so it is grammar like the count itself.
 */
export function isTimesAfterCount(normalizedWords: readonly string[], index: number): boolean {
  if (normalizedWords[index] !== 'puta' || index === 0) return false;
  const before = normalizedWords[index - 1];
  return COUNTS.has(before) || /^\d/.test(before);
}
