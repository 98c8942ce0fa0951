import { StaffClaims } from '@citizen-desk/auth';
import { Envelope, makeEnvelope, NotUnderstoodDismissed } from '@citizen-desk/contracts';
import { Language, Topic } from '../content';
import { containsCyrillic, cyrillicToLatin, latinToCyrillic } from '../understanding/transliterate';

/**
 * The editors' side of the not-understood inbox (analytics lists it): a question is filed as an example
 * phrase of a topic in the draft, or dismissed. Either way a NotUnderstoodDismissed event takes it off
 * the inbox, recorded in the dialog's `not-understood-inbox` stream and published for analytics.
 */
export const NOT_UNDERSTOOD_STREAM = 'not-understood-inbox';

const same = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/**
 * The topic with `phrase` among its examples in `language`, Montenegrin in both scripts (the other
 * script transliterated, as the content API does for authored phrases); null when it is already there.
 */
export function withExample(topic: Topic, phrase: string, language: Language): Topic | null {
  const text = phrase.trim();
  const examples = { ...topic.examples };
  const add = (lang: Language, value: string) => {
    if (!examples[lang].some((e) => same(e, value))) examples[lang] = [...examples[lang], value];
  };
  if (language === 'en') add('en', text);
  else {
    const latin = containsCyrillic(text) ? cyrillicToLatin(text) : text;
    add('cnr-Latn', latin);
    add('cnr-Cyrl', containsCyrillic(text) ? text : latinToCyrillic(latin));
  }
  const changed = (['cnr-Latn', 'cnr-Cyrl', 'en'] as const).some(
    (l) => examples[l].length !== topic.examples[l].length,
  );
  return changed ? { ...topic, examples } : null;
}

export function notUnderstoodDismissed(
  staff: Pick<StaffClaims, 'sub' | 'email'>,
  question: string,
  topic: string | null,
  at: Date,
): Envelope<NotUnderstoodDismissed> {
  return makeEnvelope({
    type: 'NotUnderstoodDismissed',
    version: 1,
    streamId: NOT_UNDERSTOOD_STREAM,
    occurredAt: at,
    data: {
      question: question.trim(),
      topic,
      by: { id: staff.sub, email: staff.email },
      at: at.toISOString(),
    },
  });
}
