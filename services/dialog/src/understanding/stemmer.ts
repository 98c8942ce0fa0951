import stemSynonyms from './data/stem-synonyms.json';
import suffixes from './data/suffixes.json';
import wordStems from './data/word-stems.json';

/**
 * Inflectional endings (data/suffixes.json): Montenegrin nouns, adjectives and verbs — including imperatives
 * ("pričajte", "pričaj") and plural accusatives ("stanove", "placeve") — and the common English ones.
 * Tried longest first, and only stripped when at least three letters of stem remain, so short words
 * survive intact.
 */
const SUFFIXES_LONGEST_FIRST: readonly string[] = [...suffixes].sort((a, b) => b.length - a.length);
const MIN_STEM = 3;
const J_ACCUSATIVE: ReadonlySet<string> = new Set(['ju', 'iju']);

/**
 * Stems that the suffix rules cannot bring together (data/stem-synonyms.json): uvjeti (Montenegrin/Croatian)
 * and uslovi (Serbian) both mean conditions, and "uslovi" loses -ovi like "gradovi", so every form goes
 * to that stem; dijete/dete (child) meets djeca/deca (children); općina meets opština; kids, children.
 */
const STEM_SYNONYMS: Readonly<Record<string, string>> = stemSynonyms;

/** Words the suffix rules would strip into another word's stem (data/word-stems.json: "pravila"). */
const WORD_STEMS: ReadonlyMap<string, string> = new Map(
  Object.entries(wordStems).filter(([word]) => !word.startsWith('_')),
);

/**
 * English plurals that one stripped ending leaves apart from their singular: "families" lost "-ies"
 * where "family" loses "-y" ("famil" against "fami"), "gatherings" lost only its "-s" ("gathering"
 * against "gather"). Neither ending is Montenegrin (no "y"; no "-ings"), so this touches English only.
 */
function englishSingular(word: string): string {
  if (word.length > 5 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 6 && word.endsWith('ings')) return word.slice(0, -1);
  return word;
}

/** Light stemmer: strips one inflectional ending. Applied to normalised, non-stop words. */
export function stem(word: string): string {
  if (/^\d+$/.test(word)) return word;
  const fixed = WORD_STEMS.get(word);
  if (fixed !== undefined) return fixed;
  const singular = englishSingular(word);
  let stemmed = singular;
  for (const suffix of SUFFIXES_LONGEST_FIRST) {
    if (singular.length - suffix.length >= MIN_STEM && singular.endsWith(suffix)) {
      // "-ju"/"-iju" is the accusative "-u" of a stem in j ("divlju", "nedelju", "deponiju"): only the
      // "u" goes, so they meet "divlja", "nedelja", "deponija" (stem "divlj", "nedelj", "deponij").
      stemmed = J_ACCUSATIVE.has(suffix) ? singular.slice(0, -1) : singular.slice(0, -suffix.length);
      break;
    }
  }
  return STEM_SYNONYMS[stemmed] ?? stemmed;
}
