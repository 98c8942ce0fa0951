import { containsCyrillic, cyrillicToLatin } from './cyrillic';

describe('cyrillicToLatin', () => {
  it('spells the Montenegrin alphabet in Latin, digraph letters with the case of their word', () => {
    expect(cyrillicToLatin('Љубав, њива, џеп, ђак, ћуприја, жаба, шума, чаша')).toBe(
      'Ljubav, njiva, džep, đak, ćuprija, žaba, šuma, čaša',
    );
    expect(cyrillicToLatin('ЉУБАВ')).toBe('LJUBAV');
  });

  it('reads с́ and з́ (a letter and a combining acute) as ś and ź', () => {
    expect(cyrillicToLatin('с\u0301утра, из\u0301ести')).toBe('śutra, iźesti');
  });

  it('reads the odd Russian, Ukrainian and Macedonian letter, and leaves Latin, digits and signs alone', () => {
    expect(cyrillicToLatin('щука, ёлка, ѕвезда')).toBe('ščuka, jolka, dzvezda');
    expect(cyrillicToLatin('porez 2026 @ www.budva.me')).toBe('porez 2026 @ www.budva.me');
  });
});

describe('containsCyrillic', () => {
  it('tells a text with one Cyrillic letter from one without', () => {
    expect(containsCyrillic('porez на imovinu')).toBe(true);
    expect(containsCyrillic('porez na imovinu')).toBe(false);
  });
});
