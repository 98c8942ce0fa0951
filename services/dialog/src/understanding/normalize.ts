import { cyrillicToLatin } from './transliterate';

/**
 * Normalisation folds the many ways a citizen writes the same word onto one form, so that matching
 * compares meaning rather than spelling: case, script (Cyrillic → Latin), diacritics (č/ć→c, š→s, ž→z,
 * đ→dj, ś→s, ź→z), ijekavian → ekavian (dijete/djete/dete, mjere/mere), and light stemming of
 * Montenegrin and English inflection. The same function runs over the content's example phrases and over
 * the citizen's text, so a folding that merges two words merges them on both sides alike.
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
 * separated by single spaces. Apostrophes join ("what's" → "whats").
 */
export function normalize(text: string): string {
  const latin = foldDiacritics(cyrillicToLatin(text.normalize('NFC')).toLowerCase());
  return latin
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((word) => word.length > 0)
    .map(foldIjekavian)
    .join(' ');
}

/** Normalised words of a text. */
export function words(text: string): string[] {
  const normalized = normalize(text);
  return normalized.length === 0 ? [] : normalized.split(' ');
}

const STOP_WORDS_AS_WRITTEN = [
  // Montenegrin: pronouns, prepositions, conjunctions, auxiliaries, question words, politeness.
  'i',
  'a',
  'u',
  'na',
  'za',
  'je',
  'sam',
  'si',
  'smo',
  'ste',
  'su',
  'da',
  'li',
  'se',
  'me',
  'mi',
  'ti',
  'te',
  'to',
  'ta',
  'taj',
  'tog',
  'toga',
  'ovo',
  'ovaj',
  'ova',
  'ove',
  'ovog',
  'ono',
  'od',
  'do',
  'iz',
  'sa',
  's',
  'k',
  'ka',
  'o',
  'po',
  'pri',
  'kod',
  'uz',
  'ko',
  'šta',
  'što',
  'sto',
  'gdje',
  'đe',
  'kako',
  'kada',
  'kad',
  'koji',
  'koja',
  'koje',
  'kojem',
  'kojoj',
  'koju',
  'koliko',
  'zašto',
  'može',
  'mogu',
  'možete',
  'moze',
  'molim',
  'vas',
  'vam',
  'nas',
  'nam',
  'mene',
  'meni',
  'moj',
  'moja',
  'moje',
  'mog',
  'moga',
  'mojoj',
  'svoj',
  'svoju',
  'ima',
  'imam',
  'imate',
  'imamo',
  'biti',
  'bi',
  'bih',
  'bio',
  'bila',
  'treba',
  'trebam',
  'trebalo',
  'želim',
  'želio',
  'želela',
  'hoću',
  'hocu',
  'htio',
  'htjela',
  'ja',
  'vi',
  'on',
  'ona',
  'oni',
  'one',
  'ne',
  'nije',
  'nijesu',
  'jos',
  'još',
  'već',
  'ili',
  'ali',
  'pa',
  'jer',
  'ako',
  'neki',
  'neka',
  'neko',
  'nekim',
  'nekog',
  'nekoga',
  'nekome',
  'nešto',
  'tu',
  'tamo',
  'sve',
  'svi',
  'više',
  'samo',
  'jel',
  'jeli',
  'dali',
  'e',
  'eto',
  'evo',
  'ok',
  'okej',
  'pls',
  'plz',
  'molila',
  'molio',
  'ga',
  'joj',
  'ih',
  'im',
  'njih',
  'njega',
  'nje',
  // "sat" is the everyday hour/clock ("koliko je sati"); as "policijski sat" the other word carries it.
  'sat',
  'sati',
  'sata',
  // Everyday words too common to tell a topic on their own ("kako se zoveš", "koji je danas dan").
  'zvati',
  'zovem',
  'zoveš',
  'zove',
  'zovete',
  'ime',
  'znam',
  'znaš',
  'znate',
  'reci',
  'reći',
  'dan',
  'dana',
  'ovde',
  'ovdje',
  'sada',
  'sad',
  'danas',
  'sutra',
  'juče',
  'jel',
  'bre',
  'ej',
  'aj',
  'ajde',
  'kakav',
  'kakva',
  'kakvo',
  'moram',
  'moramo',
  'morate',
  'mora',
  'kome',
  'čemu',
  'čega',
  'koga',
  'ću',
  'ćeš',
  'će',
  'ćemo',
  'ćete',
  'cu',
  'ce',
  'bismo',
  'biste',
  'nam',
  // English.
  'the',
  'a',
  'an',
  'i',
  'you',
  'your',
  'me',
  'my',
  'mine',
  'is',
  'are',
  'am',
  'was',
  'were',
  'be',
  'been',
  'do',
  'does',
  'did',
  'how',
  'what',
  'whats',
  'where',
  'wheres',
  'when',
  'who',
  'whom',
  'which',
  'why',
  'can',
  'could',
  'would',
  'should',
  'will',
  'shall',
  'may',
  'might',
  'must',
  'to',
  'of',
  'in',
  'on',
  'for',
  'at',
  'from',
  'with',
  'by',
  'about',
  'please',
  'it',
  'its',
  'there',
  'this',
  'that',
  'these',
  'those',
  'get',
  'got',
  'want',
  'need',
  'some',
  'any',
  'have',
  'has',
  'had',
  'and',
  'or',
  'but',
  'if',
  'so',
  'im',
  'ive',
  'id',
  'we',
  'us',
  'our',
  'they',
  'them',
  'their',
  'he',
  'she',
  'him',
  'her',
  'hers',
  'his',
  'just',
  'also',
  'tell',
  'know',
  'like',
  'is',
  'much',
  'many',
  'very',
  'time',
  'times',
  'yes',
  'no',
  'not',
  'dont',
  'doesnt',
  'cant',
  'wont',
  'here',
  'now',
  'today',
  'up',
  'out',
  'into',
];

const STOP_WORDS: ReadonlySet<string> = new Set(STOP_WORDS_AS_WRITTEN.map(normalize));

/** True for words that carry no topic (prepositions, pronouns, question words) in any of the three languages. */
export function isStopWord(normalizedWord: string): boolean {
  return STOP_WORDS.has(normalizedWord);
}

/**
 * Inflectional endings, longest first. Montenegrin nouns, adjectives and verbs, and the common English
 * ones. Only stripped when at least three letters of stem remain, so short words survive intact.
 */
const SUFFIXES = [
  'ovima',
  'evima',
  'anjem',
  'enjem',
  'ijama',
  'ijima',
  'anja',
  'enja',
  'anje',
  'enje',
  'anju',
  'enju',
  'ovog',
  'ovoj',
  'ama',
  'ima',
  'ovi',
  'evi',
  'ova',
  'eva',
  'oga',
  'omu',
  'emu',
  'ega',
  'ati',
  'iti',
  'eti',
  'aju',
  'uju',
  'iju',
  'ite',
  'imo',
  'amo',
  'emo',
  'ete',
  'ate',
  'ila',
  'ilo',
  'ili',
  'ala',
  'alo',
  'ali',
  'ing',
  'ies',
  'ih',
  'im',
  'om',
  'em',
  'og',
  'oj',
  'ju',
  'io',
  'ao',
  'am',
  'es',
  'ed',
  'ly',
  'a',
  'e',
  'i',
  'o',
  'u',
  's',
  'y',
];
const SUFFIXES_LONGEST_FIRST = [...SUFFIXES].sort((a, b) => b.length - a.length);
const MIN_STEM = 3;

/** Special forms whose stems the suffix rules cannot bring together. */
const STEM_SYNONYMS: Readonly<Record<string, string>> = {
  // uvjeti (Montenegrin/Croatian) and uslovi (Serbian) mean the same: conditions. "uslovi" loses -ovi
  // like "gradovi", so every form is brought to that stem.
  uvet: 'usl',
  uslov: 'usl',
  // dijete/dete (child, singular) and djeca/deca (children).
  det: 'dec',
  opcin: 'opstin',
  children: 'child',
  kid: 'child',
};

/** Light stemmer: strips one inflectional ending. Applied to normalised, non-stop words. */
export function stem(word: string): string {
  if (/^\d+$/.test(word)) return word;
  let stemmed = word;
  for (const suffix of SUFFIXES_LONGEST_FIRST) {
    if (word.length - suffix.length >= MIN_STEM && word.endsWith(suffix)) {
      stemmed = word.slice(0, -suffix.length);
      break;
    }
  }
  return STEM_SYNONYMS[stemmed] ?? stemmed;
}

/** The terms a text contributes to matching: normalised, stop words and bare numbers dropped, stemmed. */
export function analyze(text: string): string[] {
  return words(text)
    .filter((word) => !isStopWord(word) && !/^\d+$/.test(word))
    .map(stem);
}
