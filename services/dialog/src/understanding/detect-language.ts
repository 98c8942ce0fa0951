import { Language } from '@citizen-desk/contracts';
import { normalize } from './normalize';
import { containsCyrillic } from './transliterate';

export type DetectedLanguage = Language;

/** Normalised words known to belong to one language only (e.g. from the content's example phrases). */
export interface LanguageLexicon {
  cnr: ReadonlySet<string>;
  en: ReadonlySet<string>;
}

const MONTENEGRIN_ONLY_LETTERS = /[čćšžđśźČĆŠŽĐŚŹ]/u;

/** Frequent words that settle the language even without any content vocabulary. */
const COMMON_MONTENEGRIN = [
  'je',
  'da',
  'li',
  'se',
  'na',
  'za',
  'od',
  'sa',
  'kako',
  'gdje',
  'gde',
  'đe',
  'kada',
  'kad',
  'sta',
  'šta',
  'što',
  'koji',
  'koja',
  'koje',
  'koliko',
  'mogu',
  'moze',
  'može',
  'treba',
  'hocu',
  'hoću',
  'zelim',
  'želim',
  'molim',
  'vas',
  'mi',
  'me',
  'ja',
  'ne',
  'nije',
  'ima',
  'imam',
  'sam',
  'su',
  'dobar',
  'dan',
  'dobro',
  'jutro',
  'vece',
  'veče',
  'zdravo',
  'cao',
  'ćao',
  'hvala',
  'fala',
  'pozdrav',
  'jezik',
  'pomoc',
  'pomoć',
  'porez',
  'opstina',
  'opština',
  'djeca',
  'deca',
  'dijete',
  'mjere',
  'mere',
  'vijesti',
  'novosti',
  'kontakt',
  'telefon',
  'broj',
  'adresa',
  'radi',
  'ulica',
  'prijava',
  'prijavi',
  'odjava',
  'ovo',
  'ono',
  'ali',
  'ili',
  'jos',
  'još',
  'sve',
  'nesto',
  'nešto',
  'iz',
  'kod',
  'po',
  'pri',
  'bez',
  'vise',
  'više',
  'uvijek',
  'danas',
  'sutra',
  'sati',
  'zasto',
  'zašto',
  'ko',
  'nema',
];
const COMMON_ENGLISH = [
  'the',
  'is',
  'are',
  'am',
  'how',
  'what',
  'whats',
  'where',
  'when',
  'who',
  'why',
  'which',
  'can',
  'could',
  'would',
  'should',
  'will',
  'do',
  'does',
  'did',
  'you',
  'your',
  'my',
  'me',
  'we',
  'our',
  'they',
  'it',
  'its',
  'this',
  'that',
  'of',
  'to',
  'in',
  'on',
  'for',
  'with',
  'from',
  'at',
  'by',
  'about',
  'please',
  'want',
  'need',
  'have',
  'has',
  'get',
  'hello',
  'hi',
  'hey',
  'thanks',
  'thank',
  'thx',
  'good',
  'morning',
  'evening',
  'yes',
  'not',
  'dont',
  'help',
  'tax',
  'aid',
  'news',
  'contact',
  'phone',
  'number',
  'address',
  'report',
  'children',
  'kids',
  'measures',
  'mask',
  'human',
  'person',
  'operator',
  'language',
  'english',
  'stop',
  'delete',
  'data',
  'weather',
  'time',
  'and',
  'or',
  'but',
];
const COMMON_MONTENEGRIN_NORMALIZED: ReadonlySet<string> = new Set(COMMON_MONTENEGRIN.map(normalize));
const COMMON_ENGLISH_NORMALIZED: ReadonlySet<string> = new Set(COMMON_ENGLISH.map(normalize));

/** Letter patterns that occur in English spelling but hardly ever in Montenegrin Latin, and vice versa. */
const ENGLISH_SPELLING = /th|wh|sh|ch|ee|oo|ea|ou|w|y|q|x|ck|ph/;
const MONTENEGRIN_SPELLING =
  /lj|nj|dj|ije|[bcdfgklmnprstvz]j[aeiou]|(?:ti|ći|ci)$|^(?:pr|sv|zd|zv|kr|sl|st)[aeiou]/;

/**
 * The language and script the citizen writes in, or null when the text does not tell (e.g. "ok", "👍",
 * a number), so that the caller keeps the conversation's language.
 */
export function detectLanguage(text: string, lexicon?: LanguageLexicon): DetectedLanguage | null {
  const cyrillicLetters = (text.match(/[\u0400-\u04FF]/gu) ?? []).length;
  const latinLetters = (text.match(/[A-Za-z\u00C0-\u024F]/gu) ?? []).length;
  if (containsCyrillic(text) && cyrillicLetters >= latinLetters) return 'cnr-Cyrl';
  if (latinLetters === 0) return null;
  if (MONTENEGRIN_ONLY_LETTERS.test(text)) return 'cnr-Latn';

  let montenegrin = 0;
  let english = 0;
  for (const word of normalize(text).split(' ')) {
    if (word.length === 0 || /^\d+$/.test(word)) continue;
    const inMontenegrin = COMMON_MONTENEGRIN_NORMALIZED.has(word) || (lexicon?.cnr.has(word) ?? false);
    const inEnglish = COMMON_ENGLISH_NORMALIZED.has(word) || (lexicon?.en.has(word) ?? false);
    if (inMontenegrin && !inEnglish) montenegrin += 2;
    else if (inEnglish && !inMontenegrin) english += 2;
    else if (!inMontenegrin && !inEnglish && word.length >= 3) {
      // An unknown word still hints by its spelling.
      if (ENGLISH_SPELLING.test(word)) english += 1;
      if (MONTENEGRIN_SPELLING.test(word)) montenegrin += 1;
    }
  }
  if (montenegrin > english) return 'cnr-Latn';
  if (english > montenegrin) return 'en';
  return null;
}
