import { normaliseQuestion } from './question-text';

describe('normaliseQuestion', () => {
  it('groups Latin, Cyrillic, upper case and diacritics together', () => {
    const key = normaliseQuestion('Gdje je opstina');
    expect(normaliseQuestion('Gdje je OPŠTINA?')).toBe(key);
    expect(normaliseQuestion('Гдје је општина')).toBe(key);
    expect(normaliseQuestion('  gdje   je opština!!! ')).toBe(key);
    expect(key).toBe('gdje je opstina');
  });
  it('spells the digraph letters out', () => {
    expect(normaliseQuestion('Ђурђевдан, љето, њива, џеп')).toBe('djurdjevdan ljeto njiva dzep');
    expect(normaliseQuestion('Đurđevdan')).toBe('djurdjevdan');
    expect(normaliseQuestion('čćšž')).toBe('ccsz');
  });
  it('leaves nothing for text without letters or digits', () => {
    expect(normaliseQuestion('?!… 🙂')).toBe('');
  });
});
