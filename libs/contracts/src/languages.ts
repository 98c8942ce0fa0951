import { z } from 'zod';

/**
 * The languages Citizen Desk speaks to citizens: Montenegrin in Latin and in Cyrillic script, and
 * English. The dialog, the handoff service and broadcast all keep texts per language, so they share
 * this one list.
 */
export const LANGUAGES = ['cnr-Latn', 'cnr-Cyrl', 'en'] as const;
export const languageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof languageSchema>;

export const isLanguage = (value: string | null | undefined): value is Language =>
  (LANGUAGES as readonly unknown[]).includes(value);
