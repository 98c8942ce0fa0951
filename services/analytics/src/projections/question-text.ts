const CYRILLIC_TO_LATIN: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  ђ: 'dj',
  е: 'e',
  ж: 'z',
  з: 'z',
  ѕ: 'dz',
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
  ś: 's',
  т: 't',
  ћ: 'c',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'c',
  ч: 'c',
  џ: 'dz',
  ш: 's',
  з́: 'z',
  й: 'j',
  ы: 'y',
  э: 'e',
  ю: 'ju',
  я: 'ja',
  ё: 'e',
  ь: '',
  ъ: '',
  і: 'i',
  ї: 'i',
  є: 'e',
};

/**
 * The key under which "not understood" questions are grouped: lower case, Cyrillic spelled in Latin,
 * diacritics dropped (č, ć, š, ž, đ → c, c, s, z, dj), punctuation and repeated spaces removed, so that
 * "Gdje je OPŠTINA?" and "гдје је општина" count as one question. Kept apart from the dialog's own
 * normaliser on purpose: analytics must not change its figures when the bot's matching changes.
 */
export function normaliseQuestion(text: string): string {
  let out = '';
  for (const ch of text.toLowerCase()) out += CYRILLIC_TO_LATIN[ch] ?? ch;
  return out
    .replace(/đ/g, 'dj')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .slice(0, 300);
}
