import { combineSavedReplies, SAVED_REPLIES, savedReplyText } from './saved-replies';

const file = (...entries: Array<[string, string]>) =>
  entries.map(([id, text]) => ({ id, title: id.toUpperCase(), text }));

describe('saved replies from the per-language files', () => {
  it('keeps the API: id, a bilingual title and the text per language', () => {
    expect(SAVED_REPLIES.map((r) => [r.id, r.title])).toEqual([
      ['greeting', 'Pozdrav / Greeting'],
      ['checking', 'Provjeravam / Checking'],
      ['documents', 'Dokumenta / Documents'],
      ['anything-else', 'Još nešto? / Anything else?'],
    ]);
    expect(SAVED_REPLIES.find((r) => r.id === 'anything-else')!.text).toEqual({
      'cnr-Latn': 'Mogu li vam pomoći još nečim?',
      'cnr-Cyrl': 'Могу ли вам помоћи још нечим?',
      en: 'Is there anything else I can help you with?',
    });
  });

  it('gives the text in the citizen’s language, Montenegrin (Latin) for an unknown one, nothing for an unknown id', () => {
    expect(savedReplyText('greeting', 'en')).toBe(
      'Good day, this is the Municipality of Budva. How can I help you?',
    );
    expect(savedReplyText('greeting', 'cnr-Cyrl')).toBe(
      'Добар дан, овдје Општина Будва. Како вам могу помоћи?',
    );
    expect(savedReplyText('greeting', 'de')).toBe('Dobar dan, ovdje Opština Budva. Kako vam mogu pomoći?');
    expect(savedReplyText('no-such-reply', 'en')).toBeUndefined();
  });

  it('joins the files by id', () => {
    const replies = combineSavedReplies({
      'cnr-Latn': file(['hi', 'Zdravo']),
      'cnr-Cyrl': file(['hi', 'Здраво']),
      en: file(['hi', 'Hello']),
    });
    expect(replies).toEqual([
      {
        id: 'hi',
        title: 'HI / HI',
        titles: { 'cnr-Latn': 'HI', 'cnr-Cyrl': 'HI', en: 'HI' },
        text: { 'cnr-Latn': 'Zdravo', 'cnr-Cyrl': 'Здраво', en: 'Hello' },
      },
    ]);
  });

  it('refuses files that do not have the same replies, or a reply without text', () => {
    expect(() =>
      combineSavedReplies({
        'cnr-Latn': file(['hi', 'Zdravo'], ['bye', 'Zbogom']),
        'cnr-Cyrl': file(['hi', 'Здраво']),
        en: file(['hi', 'Hello'], ['bye', 'Bye']),
      }),
    ).toThrow(/cnr-Cyrl: ids \[hi\] differ/);
    expect(() =>
      combineSavedReplies({
        'cnr-Latn': file(['hi', '']),
        'cnr-Cyrl': file(['hi', 'Здраво']),
        en: file(['hi', 'Hello']),
      }),
    ).toThrow(/cnr-Latn: 0\.text/);
    expect(() =>
      combineSavedReplies({
        'cnr-Latn': file(['hi', 'a'], ['hi', 'b']),
        'cnr-Cyrl': file(['hi', 'a'], ['hi', 'b']),
        en: file(['hi', 'a'], ['hi', 'b']),
      }),
    ).toThrow(/used twice/);
  });
});
