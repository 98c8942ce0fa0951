import { outgoingMessageSchema } from '@citizen-desk/contracts';
import { campaignMessageIn, noticeLanguageOf, textIn } from './campaign-message';

const texts = { 'cnr-Latn': 'Nestanak vode', 'cnr-Cyrl': 'Нестанак воде', en: 'Water outage' };

describe('campaign message', () => {
  it('uses the citizen’s language and falls back to Montenegrin (Latin) where the campaign has none', () => {
    expect(textIn(texts, 'cnr-Cyrl')).toBe('Нестанак воде');
    expect(textIn({ 'cnr-Latn': 'Samo latinica' }, 'en')).toBe('Samo latinica');
  });

  it('reads only the platform’s languages from hints', () => {
    expect(noticeLanguageOf('en')).toBe('en');
    expect(noticeLanguageOf('sr')).toBeNull();
    expect(noticeLanguageOf(undefined)).toBeNull();
  });

  it('is a picture with the text as caption, with the link as a button labelled in the language', () => {
    const m = campaignMessageIn(
      {
        texts,
        pictureUrl: 'https://budva.me/p.jpg',
        link: { url: 'https://budva.me/voda', label: { 'cnr-Latn': 'Više', en: 'More' } },
      },
      'en',
    );
    expect(m).toEqual({
      kind: 'picture',
      url: 'https://budva.me/p.jpg',
      caption: 'Water outage',
      keyboard: { buttons: [{ label: 'More', action: 'open-url', value: 'https://budva.me/voda' }] },
    });
    expect(outgoingMessageSchema.safeParse(m).success).toBe(true);
  });

  it('is plain text without picture, keeping the campaign keyboard before the link', () => {
    const m = campaignMessageIn(
      {
        texts,
        keyboard: {
          buttons: [{ label: 'Meni', action: 'reply', value: 'menu:main' }],
          inputField: 'minimized',
        },
        link: { url: 'https://budva.me', label: { 'cnr-Latn': 'Više' } },
      },
      'cnr-Cyrl',
    );
    expect(m.kind === 'text' && m.text).toBe('Нестанак воде');
    expect(m.keyboard).toEqual({
      buttons: [
        { label: 'Meni', action: 'reply', value: 'menu:main' },
        { label: 'Više', action: 'open-url', value: 'https://budva.me' },
      ],
      inputField: 'minimized',
    });
  });
});
