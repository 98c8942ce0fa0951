import { useCallback } from 'react';
import { Lang, useI18n } from '../i18n';

/**
 * A screen's own strings, in both languages, next to the screen: the shared dictionary (i18n.tsx) keeps
 * what every screen uses, and screens add theirs without editing it.
 */
export type Messages<K extends string> = Record<Lang, Record<K, string>>;

/** `m(key, vars)` in the chosen language; the same function until the language changes. */
export function useMessages<K extends string>(messages: Messages<K>) {
  const { lang } = useI18n();
  const dict = messages[lang];
  return useCallback(
    (key: K, vars?: Record<string, string | number>): string =>
      Object.entries(vars ?? {}).reduce((s, [k, v]) => s.replaceAll(`{${k}}`, String(v)), dict[key]),
    [dict],
  );
}
