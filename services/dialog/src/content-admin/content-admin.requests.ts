import { VIBER_BUTTON_MAX_TEXT } from '@citizen-desk/viber';
import { z } from 'zod';
import {
  departmentSchema,
  factSourceSchema,
  healthMeasuresSchema,
  languageSchema,
  localize,
  LocalizedPhrases,
  MAX_MENU_ENTRIES,
  LocalizedText,
  MenuNode,
  menuNodeSchema,
  topicKindSchema,
  topicSchema,
  UI_TEXT_KEYS,
  UiTextKey,
} from '../content';
import { latinToCyrillic, stripVerbatimMarkers } from '../understanding/transliterate';

/**
 * Request bodies of the content admin API. Authors write Montenegrin in Latin script and English; the
 * Cyrillic text is generated unless they give it themselves (a name transliteration gets wrong).
 */
const text = z.string().trim().min(1).max(7000);
export const editableTextSchema = z
  .object({ 'cnr-Latn': text, 'cnr-Cyrl': text.optional(), en: text })
  .strict();
export type EditableText = z.infer<typeof editableTextSchema>;

const phrase = z.string().trim().min(1).max(500);
export const editablePhrasesSchema = z
  .object({
    'cnr-Latn': z.array(phrase).max(500),
    'cnr-Cyrl': z.array(phrase).max(500).optional(),
    en: z.array(phrase).max(500),
  })
  .strict();
export type EditablePhrases = z.infer<typeof editablePhrasesSchema>;

export function completeText(t: EditableText): LocalizedText {
  if (t['cnr-Cyrl'] === undefined) return localize({ 'cnr-Latn': t['cnr-Latn'], en: t.en });
  return { 'cnr-Latn': t['cnr-Latn'], 'cnr-Cyrl': t['cnr-Cyrl'], en: t.en };
}

export function completePhrases(p: EditablePhrases): LocalizedPhrases {
  if (p['cnr-Cyrl'] === undefined) {
    return {
      'cnr-Latn': p['cnr-Latn'].map(stripVerbatimMarkers),
      'cnr-Cyrl': p['cnr-Latn'].map(latinToCyrillic),
      en: p.en.map(stripVerbatimMarkers),
    };
  }
  return { 'cnr-Latn': p['cnr-Latn'], 'cnr-Cyrl': p['cnr-Cyrl'], en: p.en };
}

const kebabId = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and -, starting with a letter')
  .max(64);
export const idParamSchema = kebabId;

/** PUT /dialog/content/draft/topics/:id — the id comes from the path. */
export const topicRequestSchema = z
  .object({
    department: z.string().min(1).max(64),
    kind: topicKindSchema,
    title: editableTextSchema.transform(completeText),
    answer: editableTextSchema.transform(completeText),
    examples: editablePhrasesSchema.transform(completePhrases),
    followUps: z.array(kebabId).max(12).default([]),
    sources: z.array(factSourceSchema).max(200).optional(),
  })
  .strict();

export const departmentRequestSchema = z
  .object({
    name: editableTextSchema.transform(completeText),
    aliases: departmentSchema.shape.aliases,
    phones: departmentSchema.shape.phones.default([]),
    emails: departmentSchema.shape.emails.default([]),
    address: editableTextSchema.transform(completeText).optional(),
    officeHours: editableTextSchema.transform(completeText).optional(),
    website: z.string().url().optional(),
    note: editableTextSchema.transform(completeText).optional(),
    sources: departmentSchema.shape.sources,
  })
  .strict();

export const healthMeasuresRequestSchema = z
  .object({
    updatedAt: healthMeasuresSchema.shape.updatedAt,
    text: editableTextSchema.transform(completeText),
    sourceUrl: z.string().url().optional(),
    sources: healthMeasuresSchema.shape.sources,
  })
  .strict();

interface EditableMenuNode {
  id: string;
  label: EditableText;
  topic?: string;
  children?: EditableMenuNode[];
}
/** A menu entry is a keyboard button: its label is the button's Text, which Viber caps. */
const buttonLabel = z
  .string()
  .trim()
  .min(1)
  .max(
    VIBER_BUTTON_MAX_TEXT,
    `a menu button's label has ${VIBER_BUTTON_MAX_TEXT} characters at most (Viber)`,
  );
const menuLabelSchema = z
  .object({ 'cnr-Latn': buttonLabel, 'cnr-Cyrl': buttonLabel.optional(), en: buttonLabel })
  .strict();
const editableMenuNodeSchema: z.ZodType<EditableMenuNode> = z.lazy(() =>
  z
    .object({
      id: kebabId,
      label: menuLabelSchema,
      topic: kebabId.optional(),
      children: z
        .array(editableMenuNodeSchema)
        .min(1, 'a sub-menu needs at least one entry')
        .max(
          MAX_MENU_ENTRIES,
          `a menu shows ${MAX_MENU_ENTRIES} entries at most: two to a row they fill 11 of the 12 rows Viber shows, the last is for Back and Home`,
        )
        .optional(),
    })
    .strict(),
);

function completeMenu(node: EditableMenuNode): MenuNode {
  return {
    id: node.id,
    label: completeText(node.label),
    ...(node.topic !== undefined ? { topic: node.topic } : {}),
    ...(node.children !== undefined ? { children: node.children.map(completeMenu) } : {}),
  };
}

/** The whole menu tree; each node has either a topic or children (checked by the content's own schema). */
export const menuRequestSchema = editableMenuNodeSchema.transform(completeMenu).pipe(menuNodeSchema);

/** Some UI texts by key; the keys not given keep their text. */
export const textsRequestSchema = z
  .object(
    Object.fromEntries(
      UI_TEXT_KEYS.map((k) => [k, editableTextSchema.transform(completeText).optional()]),
    ) as Record<UiTextKey, z.ZodOptional<z.ZodEffects<typeof editableTextSchema, LocalizedText>>>,
  )
  .strict()
  .refine((texts) => Object.values(texts).some((t) => t !== undefined), 'give at least one text');

export const newsRequestSchema = z.object({ newsUrl: z.string().url() }).strict();
export const publishRequestSchema = z.object({ note: z.string().trim().max(500).optional() }).strict();
export const rollbackRequestSchema = z
  .object({ version: z.number().int().positive(), note: z.string().trim().max(500).optional() })
  .strict();
export const historyQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().min(1).optional(),
});

/** The topic a PUT produces, checked against the content model (ids, kinds, all three languages). */
export function topicOf(id: string, body: z.infer<typeof topicRequestSchema>) {
  return topicSchema.parse({ id, ...body });
}

/** POST /dialog/content/draft/try: one message of the editors' embedded chat. */
export const tryRequestSchema = z
  .object({
    text: z.string().trim().min(1).max(2000),
    language: languageSchema.optional(),
    menuAt: z.string().max(200).nullable().optional(),
  })
  .strict();

/** The inbox's text of a not-understood question. */
const question = z.string().trim().min(1).max(500);

/** POST /dialog/content/draft/topics/:id/examples: file a not-understood question under a topic. */
export const fileQuestionRequestSchema = z
  .object({ question, language: languageSchema.default('cnr-Latn') })
  .strict();

/** POST /dialog/content/not-understood/dismissals */
export const dismissQuestionRequestSchema = z.object({ question }).strict();
