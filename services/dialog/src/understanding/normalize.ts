import { cyrillicToLatin } from './transliterate';

/**
 * Normalisation folds the many ways a citizen writes the same word onto one form, so that matching
 * compares meaning rather than spelling: case, script (Cyrillic → Latin), diacritics (č/ć→c, š→s, ž→z,
 * đ→dj, ś→s, ź→z) and ijekavian → ekavian (dijete/djete/dete, mjere/mere). Stop words (stop-words.ts)
 * and light stemming (stemmer.ts) follow in analyze.ts. The same function runs over the content's example
 * phrases and over the citizen's text, so a folding that merges two words merges them on both sides alike.
 */

const DIACRITIC_FOLD: Readonly<Record<string, string>> = {
  č: 'c',
  ć: 'c',
  š: 's',
  ž: 'z',
  đ: 'dj',
  ś: 's',
  ź: 'z',
  // Letters from neighbouring keyboards (German, Albanian, Hungarian…) that citizens use for the same sounds.
  ç: 'c',
  ë: 'e',
  é: 'e',
  è: 'e',
  á: 'a',
  à: 'a',
  í: 'i',
  ó: 'o',
  ö: 'o',
  ü: 'u',
  ú: 'u',
};

const CONSONANT = '[bcdfghklmnprstvzj]';
/** Ijekavian yat (dijete, mjesto, gdje) → ekavian (dete, mesto, gde). */
const IJE_AFTER_CONSONANT = new RegExp(`(${CONSONANT})ije`, 'g');
// Not after l/n: there the j belongs to the digraph lj/nj ("okupljanje", "pitanje"), not to the yat.
const JE_AFTER_CONSONANT = /([bcdfghkmprstvzj])je/g;

/** Folds one lower-case Latin word's ijekavian reflex to ekavian. Word-initial "je" (the verb) stays. */
export function foldIjekavian(word: string): string {
  return word.replace(IJE_AFTER_CONSONANT, '$1e').replace(JE_AFTER_CONSONANT, '$1e');
}

function foldDiacritics(text: string): string {
  let out = '';
  for (const ch of text) out += DIACRITIC_FOLD[ch] ?? ch;
  // Anything else with a combining mark (e.g. a stray acute) loses the mark.
  return out.normalize('NFD').replace(/\p{M}/gu, '');
}

/**
 * The citizen's text as lower-case Latin words without diacritics, punctuation or ijekavian reflexes,
 * separated by single spaces. An English possessive "'s" goes, other apostrophes join ("don't" → "dont").
 */
export function normalize(text: string): string {
  const memo = normalizedMemo.get(text);
  if (memo !== undefined) return memo;
  const normalized = normalizeUncached(text);
  if (normalizedMemo.size >= NORMALIZED_MEMO_LIMIT) normalizedMemo.clear();
  normalizedMemo.set(text, normalized);
  return normalized;
}

/**
 * One message is normalised many times over (the whole, without its courtesy, each clause, the rule
 * and clause checks), and a model build normalises every example several times: recent texts are
 * remembered, bounded.
 */
const NORMALIZED_MEMO_LIMIT = 20_000;
const normalizedMemo = new Map<string, string>();

function normalizeUncached(text: string): string {
  const latin = foldDiacritics(cyrillicToLatin(text.normalize('NFC')).toLowerCase());
  return (
    latin
      // The English possessive says whose, not what: "the property's tax" meets "property tax" (glued on,
      // "propertys" lost an "s" and kept the "y" that "property" loses). Contractions ("what's" → "what")
      // are grammar either way.
      .replace(/(\p{L})['’`]s\b/gu, '$1')
      .replace(/['’`]/g, '')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim()
      .split(' ')
      .filter((word) => word.length > 0)
      .map(foldIjekavian)
      .join(' ')
  );
}

/**
 * A model build normalises every example phrase several times over (terms, n-grams, language lexicon,
 * written forms), so the words of recent texts are remembered; bounded, and copied out so that no
 * caller can change what is remembered.
 */
const WORDS_MEMO_LIMIT = 20_000;
const wordsMemo = new Map<string, readonly string[]>();

/** Normalised words of a text. */
export function words(text: string): string[] {
  const memo = wordsMemo.get(text);
  if (memo) return memo.slice();
  const normalized = normalize(text);
  const out = normalized.length === 0 ? [] : normalized.split(' ');
  if (wordsMemo.size >= WORDS_MEMO_LIMIT) wordsMemo.clear();
  wordsMemo.set(text, out);
  return out.slice();
}

/**
 * A number, or an amount or size written with its unit glued on ("250e", "120m2", "15h", "6x", "m2"):
 * it says how much, not what about, so it is no more a word of the topic than a bare number is.
 */
export function isNumberWord(normalizedWord: string): boolean {
  return /^\d/.test(normalizedWord) || /^k?m[23]$/.test(normalizedWord);
}
