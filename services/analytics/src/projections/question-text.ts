import { cyrillicToLatin } from '@citizen-desk/text';

/**
 * The key under which "not understood" questions are grouped: lower case, Cyrillic spelled in Latin,
 * diacritics dropped (č, ć, š, ž, đ → c, c, s, z, dj), punctuation and repeated spaces removed, so that
 * "Gdje je OPŠTINA?" and "гдје је општина" count as one question. Kept apart from the dialog's own
 * normaliser on purpose (they share only the script table, libs/text): analytics must not change its
 * figures when the bot's matching changes.
 */
export function normaliseQuestion(text: string): string {
  return cyrillicToLatin(text.toLowerCase())
    .replace(/đ/g, 'dj')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .slice(0, 300);
}
