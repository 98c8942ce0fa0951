import { withoutCourtesy } from './courtesy';

describe('withoutCourtesy', () => {
  it('takes the greeting off the start and the thanks off the end of a question', () => {
    expect(withoutCourtesy('Dobar dan, kada je rok za porez? Hvala unaprijed')).toBe('kada je rok za porez?');
    expect(withoutCourtesy('Poštovani, treba mi broj vodovoda. Srdačan pozdrav')).toBe(
      'treba mi broj vodovoda.',
    );
    expect(withoutCourtesy('Hi there! how do I pay the property tax, thanks in advance')).toBe(
      'how do I pay the property tax,',
    );
  });

  it('takes whom the greeting greets with it ("zdravo bote"), and intensified thanks ("veliko hvala")', () => {
    expect(withoutCourtesy('Zdravo bote, kako da platim porez')).toBe('kako da platim porez');
    expect(withoutCourtesy('dobar dan opštino, rupa na putu. Veliko hvala')).toBe('rupa na putu.');
    expect(withoutCourtesy('hi there bot, where do I pay taxes? thanks a lot')).toBe('where do I pay taxes?');
  });

  it('leaves one word of question when that is all there is ("Dobar dan, porez. Pozdrav")', () => {
    expect(withoutCourtesy('Dobar dan, porez. Pozdrav')).toBe('porez.');
    expect(withoutCourtesy('Hi! garbage. Kind regards')).toBe('garbage.');
  });

  it('reads greetings written in Cyrillic or without diacritics alike', () => {
    expect(withoutCourtesy('Добар дан, гдје је писарница општине? Хвала')).toBe('гдје је писарница општине?');
    expect(withoutCourtesy('postovani, gdje je pisarnica opstine, unaprijed hvala')).toBe(
      'gdje je pisarnica opstine,',
    );
  });

  it('leaves a message that is only courtesy as it is: that is small talk', () => {
    expect(withoutCourtesy('dobar dan')).toBe('dobar dan');
    expect(withoutCourtesy('veliko hvala')).toBe('veliko hvala');
    expect(withoutCourtesy('Hvala vam puno!')).toBe('Hvala vam puno!');
    expect(withoutCourtesy('hi there')).toBe('hi there');
    expect(withoutCourtesy('mnogo hvala')).toBe('mnogo hvala');
    expect(withoutCourtesy('zdravo bote')).toBe('zdravo bote');
  });

  it('leaves a message without courtesy untouched, and a greeting word inside it', () => {
    expect(withoutCourtesy('kako da platim porez')).toBe('kako da platim porez');
    expect(withoutCourtesy('porez, dobar dan')).toBe('porez, dobar dan');
    expect(withoutCourtesy('rupa na putu kod škole, hvala što ste tu')).toBe(
      'rupa na putu kod škole, hvala što ste tu',
    );
  });
});
