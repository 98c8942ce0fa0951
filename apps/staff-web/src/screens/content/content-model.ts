/**
 * The content as the editor screen reads it (GET /dialog/content/draft and /dialog/content): the shapes
 * of services/dialog/src/content/content.types.ts, which the OpenAPI document does not spell out.
 */
export const SCRIPTS = ['cnr-Latn', 'cnr-Cyrl', 'en'] as const;
export type Script = (typeof SCRIPTS)[number];
export type Localized = Record<Script, string>;
export type LocalizedPhrases = Record<Script, string[]>;

export interface ContentTopic {
  id: string;
  department: string;
  kind: string;
  title: Localized;
  answer: Localized;
  examples: LocalizedPhrases;
  followUps: string[];
  sources?: Array<{ fact: string; source: string; asOf?: string }>;
}

export interface ContentMenuNode {
  id: string;
  label: Localized;
  topic?: string;
  children?: ContentMenuNode[];
}

export interface ContentModel {
  version: number;
  topics: ContentTopic[];
  menu: ContentMenuNode;
}
