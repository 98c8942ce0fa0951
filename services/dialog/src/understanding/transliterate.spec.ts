import { containsCyrillic, cyrillicToLatin, latinToCyrillic, stripVerbatimMarkers } from './transliterate';

describe('latinToCyrillic', () => {
  it.each([
    ['Budva', 'Будва'],
    ['ljubav', 'љубав'],
    ['Ljubljana', 'Љубљана'],
    ['LJUBAV', 'ЉУБАВ'],
    ['njega', 'њега'],
    ['Njegoš', 'Његош'],
    ['džep', 'џеп'],
    ['Džemper', 'Џемпер'],
    ['đak', 'ђак'],
    ['ćevap', 'ћевап'],
    ['čaša', 'чаша'],
    ['šuma', 'шума'],
    ['žaba', 'жаба'],
    ['jednokratna pomoć', 'једнократна помоћ'],
    ['porez na nepokretnosti', 'порез на непокретности'],
  ])('%s → %s', (latin, cyrillic) => {
    expect(latinToCyrillic(latin)).toBe(cyrillic);
  });

  it('writes the Montenegrin ś and ź as с and з with a combining acute', () => {
    expect(latinToCyrillic('śutra')).toBe('с\u0301утра');
    expect(latinToCyrillic('źenica')).toBe('з\u0301еница');
    expect(latinToCyrillic('Śekira')).toBe('С\u0301екира');
  });

  it('keeps d+ž and n+j apart where they are two letters, not a digraph', () => {
    expect(latinToCyrillic('nadživjeti')).toBe('надживјети');
    expect(latinToCyrillic('podžanr')).toBe('поджанр');
    expect(latinToCyrillic('injekcija')).toBe('ињекција');
  });

  it('leaves e-mail addresses, URLs and phone numbers as written', () => {
    const text =
      'Pišite na lokalna.samouprava@budva.me, pozovite +382 33 451 451 ili otvorite www.budva.me i https://www.budva.me/novosti.';
    expect(latinToCyrillic(text)).toBe(
      'Пишите на lokalna.samouprava@budva.me, позовите +382 33 451 451 или отворите www.budva.me и https://www.budva.me/novosti.',
    );
  });

  it('keeps ⟦…⟧ fragments as written and drops the markers', () => {
    expect(latinToCyrillic('aplikacija ⟦Viber⟧')).toBe('апликација Viber');
    expect(stripVerbatimMarkers('aplikacija ⟦Viber⟧')).toBe('aplikacija Viber');
  });

  it('transliterates numbers in addresses and dates without touching the digits', () => {
    expect(latinToCyrillic('Trg Sunca 3, do 30. juna')).toBe('Трг Сунца 3, до 30. јуна');
  });
});

describe('cyrillicToLatin', () => {
  it.each([
    ['Будва', 'Budva'],
    ['љубав', 'ljubav'],
    ['ЉУБАВ', 'LJUBAV'],
    ['Љубљана', 'Ljubljana'],
    ['џеп', 'džep'],
    ['ђак', 'đak'],
    ['помоћ', 'pomoć'],
    ['с\u0301утра', 'śutra'],
    ['з\u0301еница', 'źenica'],
  ])('%s → %s', (cyrillic, latin) => {
    expect(cyrillicToLatin(cyrillic)).toBe(latin);
  });

  it('round-trips Montenegrin text written in the Latin alphabet', () => {
    const text =
      'Jednokratna novčana pomoć: zahtjev se predaje Opštini, a đaci i njihovi roditelji śutra dobijaju odgovor.';
    expect(cyrillicToLatin(latinToCyrillic(text))).toBe(text);
  });

  it('leaves Latin text alone', () => {
    expect(cyrillicToLatin('porez na nepokretnosti 2026')).toBe('porez na nepokretnosti 2026');
  });
});

describe('containsCyrillic', () => {
  it('tells Cyrillic from Latin', () => {
    expect(containsCyrillic('порез')).toBe(true);
    expect(containsCyrillic('porez')).toBe(false);
  });
});
