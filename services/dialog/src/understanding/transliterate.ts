/**
 * Montenegrin Latin ↔ Cyrillic. Content is authored once in Latin script and its Cyrillic version is
 * generated, so the mapping must be exact for the Montenegrin alphabet (lj→љ, nj→њ, dž→џ, ś→с́, ź→з́)
 * and must leave alone what is not Montenegrin text: URLs, e-mail addresses and phone numbers.
 */

import { COMBINING_ACUTE } from '@citizen-desk/text';

export { containsCyrillic, cyrillicToLatin } from '@citizen-desk/text';

const LATIN_DIGRAPHS_TO_CYRILLIC: ReadonlyArray<readonly [string, string]> = [
  ['lj', 'љ'],
  ['nj', 'њ'],
  ['dž', 'џ'],
];

const LATIN_LETTER_TO_CYRILLIC: Readonly<Record<string, string>> = {
  a: 'а',
  b: 'б',
  v: 'в',
  g: 'г',
  d: 'д',
  đ: 'ђ',
  e: 'е',
  ž: 'ж',
  z: 'з',
  i: 'и',
  j: 'ј',
  k: 'к',
  l: 'л',
  m: 'м',
  n: 'н',
  o: 'о',
  p: 'п',
  r: 'р',
  s: 'с',
  t: 'т',
  ć: 'ћ',
  u: 'у',
  f: 'ф',
  h: 'х',
  c: 'ц',
  č: 'ч',
  š: 'ш',
  ś: 'с' + COMBINING_ACUTE,
  ź: 'з' + COMBINING_ACUTE,
  // Letters outside the alphabet that still turn up in names; the usual transcription.
  q: 'к',
  w: 'в',
  x: 'кс',
  y: 'ј',
};

/**
 * Words where the Latin pair is two letters, not a digraph (prefix nad-/pod- before ž, in- before j…).
 * Matched case-insensitively at the start of a lower-cased word.
 */
const DIGRAPH_EXCEPTIONS: ReadonlyArray<readonly [string, string]> = [
  ['nadž', 'надж'],
  ['podž', 'подж'],
  ['injek', 'ињек'],
  ['konjunk', 'коњунк'],
  ['konjuga', 'коњуга'],
  ['vanjezič', 'вањезич'],
];

/** Fragments copied verbatim: URLs, e-mail addresses, phone numbers, and anything in `⟦…⟧`. */
const VERBATIM_FRAGMENT =
  /⟦[^⟧]*⟧|https?:\/\/\S+[^\s.,;:!?)]|www\.[^\s]+[^\s.,;:!?)]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\d[\d ()/-]{4,}\d/gu;

function matchCase(source: string, target: string): string {
  if (source.toLowerCase() === source) return target;
  if (source.toUpperCase() === source && source.length > 1) return target.toUpperCase();
  // Title case (e.g. "Lj" at the start of a name): only the first letter is capital.
  return target.charAt(0).toUpperCase() + target.slice(1);
}

function latinWordToCyrillic(word: string): string {
  let out = '';
  let i = 0;
  const lower = word.toLowerCase();
  while (i < word.length) {
    const atWordStart = i === 0;
    const exception = atWordStart ? DIGRAPH_EXCEPTIONS.find(([latin]) => lower.startsWith(latin)) : undefined;
    if (exception) {
      out += matchCase(word.slice(0, exception[0].length), exception[1]);
      i += exception[0].length;
      continue;
    }
    const digraph = LATIN_DIGRAPHS_TO_CYRILLIC.find(([latin]) => lower.startsWith(latin, i));
    if (digraph) {
      const source = word.slice(i, i + 2);
      // "LJ" and "Lj" are both a capital Љ; only "lj" is small.
      out += source === source.toLowerCase() ? digraph[1] : digraph[1].toUpperCase();
      i += 2;
      continue;
    }
    const ch = word[i];
    const mapped = LATIN_LETTER_TO_CYRILLIC[ch.toLowerCase()];
    out +=
      mapped === undefined
        ? ch
        : ch === ch.toLowerCase()
          ? mapped
          : mapped.charAt(0).toUpperCase() + mapped.slice(1);
    i += 1;
  }
  return out;
}

function mapOutsideVerbatim(
  text: string,
  mapPlain: (plain: string) => string,
  unwrapMarkers: boolean,
): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(VERBATIM_FRAGMENT)) {
    const start = match.index ?? 0;
    out += mapPlain(text.slice(last, start));
    const fragment = match[0];
    out += unwrapMarkers && fragment.startsWith('⟦') ? fragment.slice(1, -1) : fragment;
    last = start + fragment.length;
  }
  return out + mapPlain(text.slice(last));
}

/** Montenegrin Latin script → Montenegrin Cyrillic, leaving URLs, e-mails, phone numbers and `⟦…⟧` as written. */
export function latinToCyrillic(text: string): string {
  return mapOutsideVerbatim(
    text.normalize('NFC'),
    (plain) => plain.replace(/\p{L}+/gu, latinWordToCyrillic),
    true,
  );
}

/** Removes the `⟦…⟧` verbatim markers, for the Latin version of authored text. */
export function stripVerbatimMarkers(text: string): string {
  return text.replace(/⟦([^⟧]*)⟧/gu, '$1');
}
