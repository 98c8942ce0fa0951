import { Language, LANGUAGES, languageSchema } from '@citizen-desk/contracts';
import { z } from 'zod';

/**
 * The content model: everything the bot says lives here as data (topics, menu, directory, health
 * measures, UI strings), never inline in code. A content version is validated as a whole when it is
 * loaded or published, so a broken edit cannot reach citizens.
 */

export { LANGUAGES, languageSchema };
export type { Language };

/** A text in every language the bot speaks. */
export const localizedTextSchema = z.object({
  'cnr-Latn': z.string().min(1),
  'cnr-Cyrl': z.string().min(1),
  en: z.string().min(1),
});
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/** Example phrases per language: what citizens write when they mean a topic. */
export const localizedPhrasesSchema = z.object({
  'cnr-Latn': z.array(z.string().min(1)),
  'cnr-Cyrl': z.array(z.string().min(1)),
  en: z.array(z.string().min(1)),
});
export type LocalizedPhrases = z.infer<typeof localizedPhrasesSchema>;

const topicIdSchema = z.string().regex(/^[a-z][a-z0-9-]*$/, 'topic ids are kebab-case');

/**
 * Where a fact told to citizens comes from. Every phone, e-mail, address, amount, date, deadline and
 * responsible body in an answer has one, so an editor can see how old it is and re-check it; a fact
 * without a source is not told (the answer says it is not known and where to ask).
 */
export const factSourceSchema = z.object({
  /** The fact as the answer states it (e.g. "+382 33 451 451", "110 €"), so a check can find it. */
  fact: z.string().min(1).max(2000),
  /** The public source: its URL, or the title of the document. */
  source: z.string().min(1).max(2000),
  /**
   * The date the source shows: `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when it shows no more. Left out when
   * the source shows no date at all, rather than guessing one.
   */
  asOf: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'YYYY-MM-DD, YYYY-MM or YYYY')
    .optional(),
});
export type FactSource = z.infer<typeof factSourceSchema>;
const sourcesSchema = z.array(factSourceSchema).max(200);

export const TOPIC_KINDS = [
  /** A plain answer (financial aid, property tax). */
  'answer',
  /** The citizen wants a human operator. */
  'handoff',
  /** A report flow: the citizen describes a circumstance (and may send a photo or location). */
  'report',
  /** The directory: every body citizens call (the content's `departments`). */
  'directory',
  /** The public-health measures in force. */
  'health',
  /** A link to the municipality's news. */
  'news',
  /** Switch the language or script of the conversation. */
  'language',
  /** Stop receiving notices. */
  'unsubscribe',
  /** Choose which kinds of notices to receive. */
  'notices',
  /** Erase the citizen's data. */
  'forget-me',
  /** Greetings and thanks: harmless to answer, never a service. */
  'smalltalk',
] as const;
export const topicKindSchema = z.enum(TOPIC_KINDS);
export type TopicKind = z.infer<typeof topicKindSchema>;

export const topicSchema = z.object({
  id: topicIdSchema,
  /** Id of the department responsible (see `departments`). */
  department: z.string().min(1),
  kind: topicKindSchema,
  title: localizedTextSchema,
  answer: localizedTextSchema,
  examples: localizedPhrasesSchema,
  /** Topic ids offered as buttons after the answer. */
  followUps: z.array(topicIdSchema),
  /** The sources of the facts the answer states (optional so that content stored before them still reads). */
  sources: sourcesSchema.optional(),
});
export type Topic = z.infer<typeof topicSchema>;

export interface MenuNode {
  id: string;
  label: LocalizedText;
  /** A leaf opens a topic… */
  topic?: string;
  /** …an inner node opens a sub-menu. */
  children?: MenuNode[];
}
/**
 * Entries in one menu level: two to a row they take 11 of the 12 rows Viber shows in portrait mode,
 * leaving one for Back and Home (see libs/viber keyboard-limits).
 */
export const MAX_MENU_ENTRIES = 22;
export const menuNodeSchema: z.ZodType<MenuNode> = z.lazy(() =>
  z
    .object({
      id: z.string().regex(/^[a-z][a-z0-9-]*$/),
      label: localizedTextSchema,
      topic: topicIdSchema.optional(),
      children: z.array(menuNodeSchema).min(1).max(MAX_MENU_ENTRIES).optional(),
    })
    .refine((node) => (node.topic === undefined) !== (node.children === undefined), {
      message: 'a menu node has either a topic or children',
    }),
);

/**
 * An entry of the directory (the `contacts` topic): a body of the local administration, a public
 * company or another service citizens call. Topics and handoffs are routed to these ids too.
 */
export const departmentSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: localizedTextSchema,
  /** Other names citizens write ("vodovod", "komunalno"), in any script; matched after normalisation. */
  aliases: z.array(z.string().min(1).max(100)).max(50).optional(),
  /**
   * International format, e.g. +382 33 451 451, or a short national number (112, 1616). Empty when no
   * direct line is known.
   */
  phones: z.array(z.string().regex(/^\+\d[\d ]+$|^1\d{2,3}$/)),
  emails: z.array(z.string().email()),
  address: localizedTextSchema.optional(),
  /** Left out when no source gives the hours. */
  officeHours: localizedTextSchema.optional(),
  website: z.string().url().optional(),
  /** What to do when a fact is not known (e.g. "call the central line"), or how old a fact is. */
  note: localizedTextSchema.optional(),
  sources: sourcesSchema.optional(),
});
export type Department = z.infer<typeof departmentSchema>;

export const healthMeasuresSchema = z.object({
  /** ISO date of the last change the text reflects. */
  updatedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  text: localizedTextSchema,
  sourceUrl: z.string().url().optional(),
  sources: sourcesSchema.optional(),
});
export type HealthMeasures = z.infer<typeof healthMeasuresSchema>;

/** UI strings the dialog flows need; every one in every language. */
export const UI_TEXT_KEYS = [
  'greeting',
  'menuPrompt',
  'notUnderstood',
  'chooseLanguage',
  'languageChanged',
  'operatorButton',
  'operatorConnecting',
  'operatorOutOfHours',
  'back',
  'mainMenu',
  'reportPrompt',
  'reportReceived',
  'reportDescribe',
  'reportNeedDescription',
  'reportTooLong',
  'reportPlacePrompt',
  'reportLocationButton',
  'reportPhotoPrompt',
  'reportSkipPhoto',
  'reportSummary',
  'reportPhotoAttached',
  'reportConfirm',
  'reportCancel',
  'reportCancelled',
  'reportPublishAsk',
  'reportExactLocationAsk',
  'reportPublicNo',
  'reportPublicRounded',
  'reportPublicExact',
  'myReports',
  'unsubscribed',
  'forgetMeConfirm',
  'forgotten',
  'yes',
  'no',
  'newsButton',
  'noticesPrompt',
  'noticesSaved',
  'noticesNone',
  'noticesConfirm',
  'noticesConfirmAll',
  'unsubscribeConfirm',
  'confirmDeclined',
  /** Asked when the text comes close to one or two topics but not close enough to answer. */
  'didYouMean',
] as const;
export type UiTextKey = (typeof UI_TEXT_KEYS)[number];
export const uiTextsSchema = z.object(
  Object.fromEntries(UI_TEXT_KEYS.map((key) => [key, localizedTextSchema])) as Record<
    UiTextKey,
    typeof localizedTextSchema
  >,
);
export type UiTexts = z.infer<typeof uiTextsSchema>;

/** A kind of notice citizens can choose to receive (health, taxes …); campaigns target these ids. */
export const noticeCategorySchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  label: localizedTextSchema,
});
export type NoticeCategory = z.infer<typeof noticeCategorySchema>;

export const languageOptionSchema = z.object({
  code: languageSchema,
  /** The language's own name, as shown on the language-choice buttons. */
  name: z.string().min(1),
});

export const contentSchema = z
  .object({
    /** Monotonic content version; the understanding model is rebuilt when it changes. */
    version: z.number().int().positive(),
    languages: z.array(languageOptionSchema).min(1),
    defaultLanguage: languageSchema,
    topics: z.array(topicSchema).min(1),
    menu: menuNodeSchema,
    departments: z.array(departmentSchema).min(1),
    healthMeasures: healthMeasuresSchema,
    newsUrl: z.string().url(),
    noticeCategories: z.array(noticeCategorySchema).min(1).max(20),
    texts: uiTextsSchema,
  })
  .superRefine((content, ctx) => {
    const topicIds = new Set<string>();
    for (const topic of content.topics) {
      if (topicIds.has(topic.id)) ctx.addIssue({ code: 'custom', message: `duplicate topic id ${topic.id}` });
      topicIds.add(topic.id);
    }
    const departmentIds = new Set(content.departments.map((d) => d.id));
    for (const topic of content.topics) {
      if (!departmentIds.has(topic.department)) {
        ctx.addIssue({
          code: 'custom',
          message: `topic ${topic.id}: unknown department ${topic.department}`,
        });
      }
      for (const followUp of topic.followUps) {
        if (!topicIds.has(followUp))
          ctx.addIssue({ code: 'custom', message: `topic ${topic.id}: unknown follow-up ${followUp}` });
      }
    }
    const visit = (node: MenuNode): void => {
      if (node.topic !== undefined && !topicIds.has(node.topic)) {
        ctx.addIssue({ code: 'custom', message: `menu ${node.id}: unknown topic ${node.topic}` });
      }
      node.children?.forEach(visit);
    };
    visit(content.menu);
  });
export type Content = z.infer<typeof contentSchema>;

/**
 * What an author writes: Montenegrin in Latin script and English. The Cyrillic version is generated
 * by transliteration when the content is loaded (see `expandAuthoredContent`).
 */
export type AuthoredText = { 'cnr-Latn': string; en: string };
export type AuthoredPhrases = { 'cnr-Latn': string[]; en: string[] };

export interface AuthoredTopic extends Omit<Topic, 'title' | 'answer' | 'examples'> {
  title: AuthoredText;
  answer: AuthoredText;
  examples: AuthoredPhrases;
}
export interface AuthoredMenuNode extends Omit<MenuNode, 'label' | 'children'> {
  label: AuthoredText;
  children?: AuthoredMenuNode[];
}
export interface AuthoredDepartment extends Omit<Department, 'name' | 'address' | 'officeHours' | 'note'> {
  name: AuthoredText;
  address?: AuthoredText;
  officeHours?: AuthoredText;
  note?: AuthoredText;
}
export interface AuthoredContent extends Omit<
  Content,
  'topics' | 'menu' | 'departments' | 'healthMeasures' | 'texts' | 'noticeCategories'
> {
  noticeCategories: Array<{ id: string; label: AuthoredText }>;
  topics: AuthoredTopic[];
  menu: AuthoredMenuNode;
  departments: AuthoredDepartment[];
  healthMeasures: Omit<HealthMeasures, 'text'> & { text: AuthoredText };
  texts: Record<UiTextKey, AuthoredText>;
}

/** Kinds that are a service of the municipality (anything but small talk). */
export function isServiceKind(kind: TopicKind): boolean {
  return kind !== 'smalltalk';
}
