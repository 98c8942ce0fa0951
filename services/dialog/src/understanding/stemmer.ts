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

/** Light stemmer: strips one inflectional ending. Applied to normalised, non-stop words. */
export function stem(word: string): string {
  if (/^\d+$/.test(word)) return word;
  const fixed = WORD_STEMS.get(word);
  if (fixed !== undefined) return fixed;
  let stemmed = word;
  for (const suffix of SUFFIXES_LONGEST_FIRST) {
    if (word.length - suffix.length >= MIN_STEM && word.endsWith(suffix)) {
      // "-ju"/"-iju" is the accusative "-u" of a stem in j ("divlju", "nedelju", "deponiju"): only the
      // "u" goes, so they meet "divlja", "nedelja", "deponija" (stem "divlj", "nedelj", "deponij").
      stemmed = J_ACCUSATIVE.has(suffix) ? word.slice(0, -1) : word.slice(0, -suffix.length);
      break;
    }
  }
  return STEM_SYNONYMS[stemmed] ?? stemmed;
}
