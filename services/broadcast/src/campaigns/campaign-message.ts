import {
  Button,
  CampaignContent,
  isLanguage,
  Language,
  NoticeTexts,
  OutgoingMessage,
} from '@citizen-desk/contracts';

/** The text in a language, or in Montenegrin (Latin) when the campaign has none in it. */
export function textIn(texts: NoticeTexts, language: Language): string {
  return texts[language] ?? texts['cnr-Latn'];
}

/** A language the platform writes in, or null for a hint it does not (a phone's `sr`, `de` …). */
export function noticeLanguageOf(value: string | undefined | null): Language | null {
  return isLanguage(value) ? value : null;
}

/** The notice as one citizen of this language receives it: text or picture, with the link button and keyboard. */
export function campaignMessageIn(content: CampaignContent, language: Language): OutgoingMessage {
  const text = textIn(content.texts, language);
  const buttons: Button[] = [
    ...(content.keyboard?.buttons ?? []),
    ...(content.link
      ? [
          {
            label: textIn(content.link.label, language),
            action: 'open-url' as const,
            value: content.link.url,
          },
        ]
      : []),
  ];
  const keyboard =
    buttons.length > 0
      ? { buttons, ...(content.keyboard?.inputField ? { inputField: content.keyboard.inputField } : {}) }
      : undefined;
  const extras = keyboard ? { keyboard } : {};
  if (content.pictureUrl) return { kind: 'picture', url: content.pictureUrl, caption: text, ...extras };
  return { kind: 'text', text, ...extras };
}
