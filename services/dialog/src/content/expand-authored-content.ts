import { latinToCyrillic, stripVerbatimMarkers } from '../understanding/transliterate';
import {
  AuthoredContent,
  AuthoredMenuNode,
  AuthoredPhrases,
  AuthoredText,
  Content,
  contentSchema,
  LocalizedPhrases,
  LocalizedText,
  MenuNode,
  UI_TEXT_KEYS,
  UiTexts,
} from './content.types';

/** Adds the Cyrillic version of an authored text. `⟦…⟧` marks a fragment kept as written in both scripts. */
export function localize(text: AuthoredText): LocalizedText {
  return {
    'cnr-Latn': stripVerbatimMarkers(text['cnr-Latn']),
    'cnr-Cyrl': latinToCyrillic(text['cnr-Latn']),
    en: stripVerbatimMarkers(text.en),
  };
}

function localizePhrases(phrases: AuthoredPhrases): LocalizedPhrases {
  return {
    'cnr-Latn': phrases['cnr-Latn'].map(stripVerbatimMarkers),
    'cnr-Cyrl': phrases['cnr-Latn'].map(latinToCyrillic),
    en: phrases.en.map(stripVerbatimMarkers),
  };
}

function localizeMenu(node: AuthoredMenuNode): MenuNode {
  return {
    id: node.id,
    label: localize(node.label),
    ...(node.topic !== undefined ? { topic: node.topic } : {}),
    ...(node.children !== undefined ? { children: node.children.map(localizeMenu) } : {}),
  };
}

/** Authored content (Latin + English) → validated content in all three languages. Throws on invalid content. */
export function expandAuthoredContent(authored: AuthoredContent): Content {
  const texts = Object.fromEntries(
    UI_TEXT_KEYS.map((key) => [key, localize(authored.texts[key])]),
  ) as UiTexts;
  const expanded: Content = {
    version: authored.version,
    languages: authored.languages,
    defaultLanguage: authored.defaultLanguage,
    topics: authored.topics.map((topic) => ({
      ...topic,
      title: localize(topic.title),
      answer: localize(topic.answer),
      examples: localizePhrases(topic.examples),
    })),
    menu: localizeMenu(authored.menu),
    departments: authored.departments.map(({ address, note, officeHours, ...department }) => ({
      ...department,
      name: localize(department.name),
      ...(officeHours ? { officeHours: localize(officeHours) } : {}),
      ...(address ? { address: localize(address) } : {}),
      ...(note ? { note: localize(note) } : {}),
    })),
    healthMeasures: { ...authored.healthMeasures, text: localize(authored.healthMeasures.text) },
    newsUrl: authored.newsUrl,
    noticeCategories: authored.noticeCategories.map((c) => ({ id: c.id, label: localize(c.label) })),
    texts,
  };
  return contentSchema.parse(expanded);
}
