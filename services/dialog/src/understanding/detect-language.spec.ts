import { detectLanguage } from './detect-language';

describe('detectLanguage', () => {
  it.each([
    ['Kako da platim porez?', 'cnr-Latn'],
    ['pomoć', 'cnr-Latn'],
    ['treba mi jednokratna pomoc', 'cnr-Latn'],
    ['gdje je opstina', 'cnr-Latn'],
    ['hvala', 'cnr-Latn'],
    ['Како да платим порез?', 'cnr-Cyrl'],
    ['ПОМОЋ', 'cnr-Cyrl'],
    ['с\u0301утра', 'cnr-Cyrl'],
    ['How do I pay the property tax?', 'en'],
    ['thanks', 'en'],
    ['what is the weather like', 'en'],
  ] as const)('%s → %s', (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it.each(['ok', '👍', '12345', '', '?!'])('cannot tell from %j', (text) => {
    expect(detectLanguage(text)).toBeNull();
  });

  it('lets a content lexicon settle words the built-in lists do not know', () => {
    const lexicon = { cnr: new Set(['nepokretnost']), en: new Set(['pothole']) };
    expect(detectLanguage('nepokretnost', lexicon)).toBe('cnr-Latn');
    expect(detectLanguage('pothole', lexicon)).toBe('en');
  });

  it('goes with the majority script when Cyrillic and Latin are mixed', () => {
    expect(detectLanguage('порез na stan у Будви')).toBe('cnr-Cyrl');
  });
});
