import { detectLanguage, latinToCyrillic, LanguageLexicon } from '#dialog/understanding';
import { LabelledPhrase } from './labelled-phrases';

/**
 * The robustness harness: the tuning phrases rewritten the ways citizens actually write them — without
 * diacritics, in Cyrillic, with thumb typos, ijekavian or ekavian, wrapped in a greeting and thanks, or
 * inside a longer message whose first sentences tell a story around the question. Each rewriting keeps
 * the phrase's label, so the accuracy on it measures how far a way of writing costs understanding, on
 * phrases no one tuned against in that form. It is a general measure, not a held-out set: the
 * rewritings are mechanical and seeded, so a change that helps here helps every phrase written that way.
 */

export interface Perturbation {
  /** Short name printed by the benchmark. */
  name: string;
  /** One rewritten phrase, or null when the rewriting does not apply (Cyrillic of an English phrase). */
  apply: (text: string, english: boolean, random: () => number) => string | null;
}

/** A small seeded generator (mulberry32): the same rewritings on every run, so figures compare. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)];

/** The Montenegrin (QWERTZ) phone and desktop keyboard: a thumb slips to the key beside or below. */
const KEY_ROWS = ['qwertzuiopšđ', 'asdfghjklčćž', 'yxcvbnm'];
const NEIGHBOURS: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  KEY_ROWS.forEach((row, r) => {
    [...row].forEach((key, c) => {
      const near = [row[c - 1], row[c + 1], KEY_ROWS[r - 1]?.[c], KEY_ROWS[r + 1]?.[c]];
      map.set(key, near.filter((k): k is string => k !== undefined).join(''));
    });
  });
  return map;
})();

/** One typo in a word: a letter dropped, two swapped, a neighbouring key, or a letter doubled. */
export function typo(word: string, random: () => number): string {
  // The first letter is rarely mistyped (the thumb starts a word deliberately).
  const at = 1 + Math.floor(random() * (word.length - 1));
  const kind = Math.floor(random() * 4);
  const letter = word[at];
  const near = NEIGHBOURS.get(letter.toLowerCase());
  if (kind === 0 || (kind === 2 && !near)) return word.slice(0, at) + word.slice(at + 1);
  if (kind === 1 && at < word.length - 1)
    return word.slice(0, at) + word[at + 1] + letter + word.slice(at + 2);
  if (kind === 2 && near) return word.slice(0, at) + pick([...near], random) + word.slice(at + 1);
  return word.slice(0, at) + letter + word.slice(at);
}

const TYPO_SHARE = 0.35;
const MIN_TYPO_LENGTH = 4;

/** Typos in about a third of the words of four letters or more, and in at least one of them. */
export function withTypos(text: string, random: () => number): string {
  const tokens = text.split(/(\s+)/u);
  const candidates = tokens.flatMap((token, index) =>
    /^\p{L}+$/u.test(token) && token.length >= MIN_TYPO_LENGTH ? [index] : [],
  );
  if (candidates.length === 0) return text;
  const forced = pick(candidates, random);
  for (const index of candidates)
    if (index === forced || random() < TYPO_SHARE) tokens[index] = typo(tokens[index], random);
  return tokens.join('');
}

const HEAVY_TYPO_LENGTH = 7;

/**
 * Heavy typos: every word of seven letters or more mistyped twice (a long word typed in haste on a
 * phone, "sekretarijat" → "sekertarjat"), and a third of the shorter ones once, as in `withTypos`.
 */
export function withHeavyTypos(text: string, random: () => number): string {
  return text
    .split(/(\s+)/u)
    .map((token) => {
      if (!/^\p{L}+$/u.test(token) || token.length < MIN_TYPO_LENGTH) return token;
      if (token.length >= HEAVY_TYPO_LENGTH) return typo(typo(token, random), random);
      return random() < TYPO_SHARE ? typo(token, random) : token;
    })
    .join('');
}

const DIACRITICS: Readonly<Record<string, string>> = {
  č: 'c',
  ć: 'c',
  š: 's',
  ž: 'z',
  đ: 'dj',
  Č: 'C',
  Ć: 'C',
  Š: 'S',
  Ž: 'Z',
  Đ: 'Dj',
};
export const withoutDiacritics = (text: string) =>
  text.replace(/[čćšžđČĆŠŽĐ]/gu, (ch) => DIACRITICS[ch] ?? ch);

/** Ijekavian → ekavian as a Serbian speaker writes it (mjesto → mesto, dijete → dete, vrijeme → vreme). */
export const ekavian = (text: string) =>
  text.replace(/([bcdfghklmprstvzčćšžđ])ije/giu, '$1e').replace(/([bcdfghkmprstvzčćšž])je/giu, '$1e');

/** Ekavian → ijekavian for the common yat roots (mesto → mjesto, vreme → vrijeme, dete → dijete). */
const IJEKAVIAN_ROOTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bvrem/giu, 'vrijem'],
  [/\bdet([eaiou])/giu, 'dijet$1'],
  [/\bdec/giu, 'djec'],
  [/\bmest/giu, 'mjest'],
  [/\bmer([eaiu])/giu, 'mjer$1'],
  [/\bgde\b/giu, 'gdje'],
  [/\bposle\b/giu, 'poslije'],
  [/\bpre\b/giu, 'prije'],
  [/\bvest/giu, 'vijest'],
  [/\bobavest/giu, 'obavjest'],
  [/\bsvet/giu, 'svjet'],
  [/\bnedel/giu, 'nedjel'],
  [/\bresen/giu, 'rješen'],
  [/\bcen/giu, 'cijen'],
];
export const ijekavian = (text: string) =>
  IJEKAVIAN_ROOTS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);

const OPENINGS = {
  cnr: ['Dobar dan, ', 'Poštovani, ', 'Pozdrav! ', 'Zdravo, ', 'Dobro jutro. ', 'Pomaže Bog, '],
  en: ['Hello, ', 'Hi! ', 'Good morning, ', 'Dear Sir or Madam, '],
};
const CLOSINGS = {
  cnr: [' Hvala unaprijed.', ' Hvala!', ' Pozdrav', ' Hvala vam puno.', ' Lp'],
  en: [' Thanks in advance.', ' Thank you!', ' Kind regards', ' Many thanks.'],
};
/**
 * Sentences around the question that name no topic: who writes, why now, how long they have looked.
 * Written for this harness (none taken from a labelled set).
 */
const CONTEXT_BEFORE = {
  cnr: [
    'Izvinite što vas uznemiravam u ovo doba.',
    'Pišem vam jer ne znam kome drugom da se obratim.',
    'Pišem u ime moje majke, ona je starija i ne zna da koristi telefon.',
    'Živimo u Budvi već petnaest godina.',
    'Pitao sam komšije ali niko nije znao da mi kaže.',
    'Ne znam da li sam na pravom mjestu.',
    'Imam jedno pitanje ako može.',
    'Juče sam cijelo popodne tražio ovo na internetu.',
  ],
  en: [
    'Sorry to bother you.',
    'I am writing on behalf of my elderly mother.',
    'We moved here last year and I am not sure how things work.',
    'I have a quick question if I may.',
    'I searched online for an hour and found nothing.',
  ],
};
const CONTEXT_AFTER = {
  cnr: ['Nadam se da ćete odgovoriti što prije.', 'Ne znam šta drugo da radim.', 'Molim vas za brz odgovor.'],
  en: ['I hope to hear from you soon.', 'I do not know what else to do.', 'Please answer quickly.'],
};

const sentence = (text: string) => (/[.!?]$/u.test(text.trim()) ? text.trim() : `${text.trim()}.`);
const lang = (english: boolean) => (english ? 'en' : 'cnr');

export const courtesy = (text: string, english: boolean, random: () => number) =>
  `${pick(OPENINGS[lang(english)], random)}${sentence(text)}${pick(CLOSINGS[lang(english)], random)}`;

/** The question after a sentence of story, and sometimes before another: a long, diluted message. */
export function inContext(text: string, english: boolean, random: () => number): string {
  const before = pick(CONTEXT_BEFORE[lang(english)], random);
  const after = random() < 0.5 ? ` ${pick(CONTEXT_AFTER[lang(english)], random)}` : '';
  return `${before} ${sentence(text)}${after}`;
}

/** The rewritings the benchmark reports, each on every tuning phrase it applies to. */
export const PERTURBATIONS: readonly Perturbation[] = [
  { name: 'as written', apply: (text) => text },
  { name: 'no diacritics', apply: (text) => withoutDiacritics(text) },
  { name: 'typos', apply: (text, _english, random) => withTypos(text, random) },
  { name: 'cyrillic', apply: (text, english) => (english ? null : latinToCyrillic(text.toLowerCase())) },
  {
    name: 'cyrillic + typos',
    apply: (text, english, random) =>
      english ? null : latinToCyrillic(withTypos(text.toLowerCase(), random)),
  },
  { name: 'ekavian', apply: (text, english) => (english ? null : ekavian(text)) },
  { name: 'ijekavian', apply: (text, english) => (english ? null : ijekavian(text)) },
  { name: 'greeting + thanks', apply: courtesy },
  { name: 'long message', apply: inContext },
  {
    name: 'everything',
    apply: (text, english, random) =>
      inContext(courtesy(withTypos(withoutDiacritics(text), random), english, random), english, random),
  },
  {
    name: 'everything, cyrillic',
    apply: (text, english, random) =>
      english
        ? null
        : latinToCyrillic(
            inContext(courtesy(withTypos(text.toLowerCase(), random), false, random), false, random),
          ),
  },
  // Last, so that the seeds of the rewritings above (one per position) stay as they were.
  { name: 'heavy typos', apply: (text, _english, random) => withHeavyTypos(text, random) },
];

/** Every perturbation of every phrase (labels kept), seeded per perturbation so each is reproducible. */
export function perturbedSets(
  phrases: readonly LabelledPhrase[],
  lexicon: LanguageLexicon,
  seed = 11,
): { name: string; phrases: LabelledPhrase[] }[] {
  const english = phrases.map((phrase) => detectLanguage(phrase.text, lexicon) === 'en');
  return PERTURBATIONS.map((perturbation, index) => {
    const random = seededRandom(seed * 1000 + index);
    const out: LabelledPhrase[] = [];
    phrases.forEach((phrase, i) => {
      const text = perturbation.apply(phrase.text, english[i], random);
      if (text !== null) out.push({ ...phrase, text });
    });
    return { name: perturbation.name, phrases: out };
  });
}
