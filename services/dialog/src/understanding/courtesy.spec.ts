import { withoutCourtesy } from './courtesy';

describe('withoutCourtesy', () => {
  it('takes the greeting off the start and the thanks off the end of a question', () => {
    expect(withoutCourtesy('Dobar dan, kada je rok za porez? Hvala unaprijed')).toBe('kada je rok za porez?');
    expect(withoutCourtesy('Poštovani, treba mi broj vodovoda. Srdačan pozdrav')).toBe(
      'treba mi broj vodovoda.',
    );
    expect(withoutCourtesy('Hi there! how do I pay the property tax, thanks in advance')).toBe(
      'there! how do I pay the property tax,',
    );
  });

  it('reads greetings written in Cyrillic or without diacritics alike', () => {
    expect(withoutCourtesy('Добар дан, гдје је писарница општине? Хвала')).toBe('гдје је писарница општине?');
    expect(withoutCourtesy('postovani, gdje je pisarnica opstine, unaprijed hvala')).toBe(
      'gdje je pisarnica opstine,',
    );
  });

  it('leaves a message that is only courtesy, or courtesy and one word, as it is: that is small talk', () => {
    expect(withoutCourtesy('dobar dan')).toBe('dobar dan');
    expect(withoutCourtesy('veliko hvala')).toBe('veliko hvala');
    expect(withoutCourtesy('Hvala vam puno!')).toBe('Hvala vam puno!');
    expect(withoutCourtesy('hi there')).toBe('hi there');
  });

  it('leaves a message without courtesy untouched, and a greeting word inside it', () => {
    expect(withoutCourtesy('kako da platim porez')).toBe('kako da platim porez');
    expect(withoutCourtesy('porez, dobar dan')).toBe('porez, dobar dan');
    expect(withoutCourtesy('rupa na putu kod škole, hvala što ste tu')).toBe(
      'rupa na putu kod škole, hvala što ste tu',
    );
  });
});
