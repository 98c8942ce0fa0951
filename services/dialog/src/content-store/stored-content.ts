import { Content, contentSchema, loadSeedContent, UI_TEXT_KEYS } from '../content';

let seed: Content | undefined;

/**
 * Reads a content version stored by an earlier release. When the platform learns a new UI string,
 * versions published before it lack that key: they get the built-in text for it, rather than being
 * unreadable (which would stop the bot from starting). The same for the notice subjects.
 */
export function readStoredContent(raw: unknown): Content {
  return contentSchema.parse(withMissingTexts(raw));
}

/** The stored value with any UI string it lacks taken from the built-in content. */
export function withMissingTexts(raw: unknown): unknown {
  if (raw && typeof raw === 'object' && 'texts' in raw && raw.texts && typeof raw.texts === 'object') {
    const texts = raw.texts as Record<string, unknown>;
    const missing = UI_TEXT_KEYS.filter((key) => texts[key] === undefined);
    if (missing.length) {
      seed ??= loadSeedContent();
      raw = { ...raw, texts: { ...Object.fromEntries(missing.map((k) => [k, seed!.texts[k]])), ...texts } };
    }
  }
  if (raw && typeof raw === 'object' && !('noticeCategories' in raw)) {
    seed ??= loadSeedContent();
    raw = { ...raw, noticeCategories: seed.noticeCategories };
  }
  return raw;
}
