import { ReactNode } from 'react';
import { CampaignContent, NoticeLang } from './api';

/** Viber's own markup: *bold*, _italic_, ~strike~ and ```monospace```, within one line. */
function formatted(text: string): ReactNode[] {
  const parts = text.split(/(```[^`]+```|\*[^*\n]+\*|_[^_\n]+_|~[^~\n]+~)/g);
  return parts.map((p, i) => {
    if (p.startsWith('```') && p.endsWith('```') && p.length > 6)
      return <code key={i}>{p.slice(3, -3)}</code>;
    const inner = p.slice(1, -1);
    if (p.length > 2 && p.startsWith('*') && p.endsWith('*')) return <strong key={i}>{inner}</strong>;
    if (p.length > 2 && p.startsWith('_') && p.endsWith('_')) return <em key={i}>{inner}</em>;
    if (p.length > 2 && p.startsWith('~') && p.endsWith('~')) return <s key={i}>{inner}</s>;
    return <span key={i}>{p}</span>;
  });
}

/**
 * The notice as a subscriber of `lang` gets it: from the municipality's sender, the text in their
 * language or in Montenegrin (Latin) when it has none (as the service sends it), under the picture as
 * its caption, and the link as a button below.
 */
export function ViberPreview({
  content,
  lang,
  sender = 'Opština Budva',
  label,
}: {
  content: CampaignContent;
  lang: NoticeLang;
  sender?: string;
  label: string;
}) {
  const text = content.texts[lang]?.trim() ? content.texts[lang]! : (content.texts['cnr-Latn'] ?? '');
  const button = content.link?.url
    ? content.link.label[lang]?.trim() || content.link.label['cnr-Latn'] || content.link.url
    : null;
  return (
    <figure className="viber" aria-label={label}>
      <figcaption>{sender}</figcaption>
      <div className="bubble" lang={lang === 'en' ? 'en' : lang === 'cnr-Cyrl' ? 'sr-Cyrl-ME' : 'sr-Latn-ME'}>
        {content.pictureUrl ? <img className="viber-picture" src={content.pictureUrl} alt="" /> : null}
        {formatted(text)}
      </div>
      {button ? <div className="viber-button">{button}</div> : null}
    </figure>
  );
}
