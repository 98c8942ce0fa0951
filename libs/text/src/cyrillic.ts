/**
 * Cyrillic → Montenegrin Latin, one table for every service: the dialog reads Cyrillic messages through
 * it, analytics groups the questions the bot did not understand with it. Montenegrin (с́ → ś, з́ → ź),
 * Serbian, and the odd Russian or Ukrainian letter a citizen's keyboard produces.
 */

export const COMBINING_ACUTE = '\u0301';

export const CYRILLIC_TO_LATIN: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  ђ: 'đ',
  е: 'e',
  ж: 'ž',
  з: 'z',
  и: 'i',
  ј: 'j',
  к: 'k',
  л: 'l',
  љ: 'lj',
  м: 'm',
  н: 'n',
  њ: 'nj',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  ћ: 'ć',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'c',
  ч: 'č',
  џ: 'dž',
  ш: 'š',
  // Macedonian dze, on some Serbian layouts.
  ѕ: 'dz',
  // Russian/Ukrainian letters a citizen's keyboard may produce.
  й: 'j',
  ы: 'i',
  э: 'e',
  ю: 'ju',
  я: 'ja',
  ё: 'jo',
  ь: '',
  ъ: '',
  щ: 'šč',
  і: 'i',
  ї: 'ji',
  є: 'je',
};

/** Cyrillic (Montenegrin, Serbian, and the odd Russian letter) → Montenegrin Latin script. */
export function cyrillicToLatin(text: string): string {
  // с́/з́ are written as a base letter plus a combining acute; NFC does not compose them, so map the pair.
  const decomposed = text.normalize('NFC');
  let out = '';
  for (let i = 0; i < decomposed.length; i++) {
    const ch = decomposed[i];
    const lower = ch.toLowerCase();
    const upper = ch !== lower;
    if ((lower === 'с' || lower === 'з') && decomposed[i + 1] === COMBINING_ACUTE) {
      const latin = lower === 'с' ? 'ś' : 'ź';
      out += upper ? latin.toUpperCase() : latin;
      i += 1;
      continue;
    }
    const mapped = CYRILLIC_TO_LATIN[lower];
    if (mapped === undefined) {
      out += ch;
      continue;
    }
    if (!upper) {
      out += mapped;
      continue;
    }
    // A capital digraph letter (Љ) becomes "LJ" inside an all-caps word, "Lj" otherwise.
    const next = decomposed[i + 1] ?? '';
    const nextIsUpper = next !== next.toLowerCase();
    out += nextIsUpper ? mapped.toUpperCase() : mapped.charAt(0).toUpperCase() + mapped.slice(1);
  }
  return out;
}

const CYRILLIC_LETTER = /[\u0400-\u04FF]/u;
/** True when the text contains at least one Cyrillic letter. */
export function containsCyrillic(text: string): boolean {
  return CYRILLIC_LETTER.test(text);
}
