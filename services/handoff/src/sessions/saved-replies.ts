import { LANGUAGES } from '@citizen-desk/contracts';
import { z } from 'zod';
import cnrCyrl from './saved-replies/cnr-Cyrl.json';
import cnrLatn from './saved-replies/cnr-Latn.json';
import en from './saved-replies/en.json';

/**
 * Answers an operator sends often. The wording is content, kept in one data file per citizen language
 * (`saved-replies/<language>.json`); this file only checks and combines them.
 */
export const SAVED_REPLY_LANGUAGES = LANGUAGES;
export type SavedReplyLanguage = (typeof SAVED_REPLY_LANGUAGES)[number];

const savedReplyFileSchema = z
  .array(
    z
      .object({
        id: z.string().regex(/^[a-z0-9-]{1,100}$/),
        title: z.string().min(1).max(100),
        text: z.string().min(1).max(7000),
      })
      .strict(),
  )
  .min(1);
export type SavedReplyFile = z.infer<typeof savedReplyFileSchema>;

/** One saved reply in every language, as `GET /handoff/saved-replies` returns it. */
export interface SavedReply {
  id: string;
  /** For the console's list: the Montenegrin and the English title. */
  title: string;
  titles: Record<SavedReplyLanguage, string>;
  text: Record<SavedReplyLanguage, string>;
}

/**
 * Joins the per-language files by id. Every language must have the same replies, so an operator's
 * pick never falls back silently for one group of citizens; a file that breaks this stops start-up.
 */
export function combineSavedReplies(files: Record<SavedReplyLanguage, unknown>): SavedReply[] {
  const parsed = Object.fromEntries(
    SAVED_REPLY_LANGUAGES.map((language) => {
      const result = savedReplyFileSchema.safeParse(files[language]);
      if (!result.success)
        throw new Error(
          `saved replies ${language}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      return [language, result.data];
    }),
  ) as Record<SavedReplyLanguage, SavedReplyFile>;
  const ids = parsed['cnr-Latn'].map((r) => r.id);
  if (new Set(ids).size !== ids.length) throw new Error('saved replies cnr-Latn: an id is used twice');
  for (const language of SAVED_REPLY_LANGUAGES) {
    const theirs = parsed[language].map((r) => r.id);
    if (theirs.join(',') !== ids.join(','))
      throw new Error(
        `saved replies ${language}: ids [${theirs.join(', ')}] differ from cnr-Latn's [${ids.join(', ')}]`,
      );
  }
  return ids.map((id, i) => {
    const titles = Object.fromEntries(SAVED_REPLY_LANGUAGES.map((l) => [l, parsed[l][i].title])) as Record<
      SavedReplyLanguage,
      string
    >;
    const text = Object.fromEntries(SAVED_REPLY_LANGUAGES.map((l) => [l, parsed[l][i].text])) as Record<
      SavedReplyLanguage,
      string
    >;
    return { id, title: `${titles['cnr-Latn']} / ${titles.en}`, titles, text };
  });
}

export const SAVED_REPLIES: SavedReply[] = combineSavedReplies({
  'cnr-Latn': cnrLatn,
  'cnr-Cyrl': cnrCyrl,
  en,
});

/** The reply's text in the citizen's language (Montenegrin, Latin, when the language has none). */
export function savedReplyText(
  id: string,
  language: string,
  replies: SavedReply[] = SAVED_REPLIES,
): string | undefined {
  const reply = replies.find((r) => r.id === id);
  if (!reply) return undefined;
  return reply.text[language as SavedReplyLanguage] ?? reply.text['cnr-Latn'];
}
