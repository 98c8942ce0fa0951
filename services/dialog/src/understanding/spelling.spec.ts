import { loadSeedContent } from '../content/seed/budva.content';
import { analyze } from './analyze';
import { stem } from './stemmer';
import { spell } from './spelling';
import { understand } from './understand';
import { buildUnderstandingModel } from './understanding-model';

const model = buildUnderstandingModel(loadSeedContent());

describe('spell', () => {
  it('hands the n-gram classifier a one-edit typo of a content word as the content writes it', () => {
    const { ngramText, terms } = spell('vetsi', model);
    expect(ngramText).not.toContain('vetsi');
    expect(model.writtenForms.get('vest')).toBe(ngramText);
    // The word matcher keeps its own term and weighs its typo lookup itself.
    expect(terms).toEqual(['vets']);
  });

  it('corrects a long word two edits from a content word ("sekertarjat" is "sekretarijat")', () => {
    expect(spell('sekertarjat', model).ngramText).toMatch(/^sekretarijat/);
    expect(understand('sekertarjat za urbanizm', model).topic).toBe('contacts');
  });

  it('never takes a courtesy word for two slips of a content word ("postovani" is not "poslovni")', () => {
    expect(spell('postovani', model).ngramText).toBe('postovani');
  });

  it('never corrects by two edits in the first letter ("elections" is not "deletion")', () => {
    expect(spell('xekertarijat', model).ngramText).toBe('xekertarijat');
  });

  it('never takes a word of the outside phrases for a typo of a topic word ("weather" is not "gather")', () => {
    expect(spell('weather', model).ngramText).toBe('weather');
    expect(understand("what's the weather", model).topic).toBeNull();
  });

  it('keeps an insult as an unknown word, never corrected, and out of the n-gram reading', () => {
    const { terms, ngramText } = spell('stoko, nema vode', model);
    expect(terms[0]).toMatch(/^!insult:/);
    expect(ngramText).toBe('nema vode');
  });
});

describe('understand, typos and everyday writing (seed content)', () => {
  it.each([
    ['vetsi opstine', 'news'],
    ['kad stize rjesenje za poerz', 'property-tax'],
    ['Dobar dan, porez. Pozdrav', 'property-tax'],
    ['nema vode od jutros', 'report-problem'],
    ['komunalci nisu odnijeli smeće', 'report-problem'],
  ])('%j → %s', (text, topic) => {
    expect(understand(text, model).topic).toBe(topic);
  });

  // Answered as contacts until session 5 (a known loss since, README, dialog): the independent writers'
  // outside phrases hold apologies for a wrong number ("izvinite, pogrešan broj"), so the apology pulls
  // the whole message outside and the lone "Kontakt?" is not read on its own. It is not understood,
  // which sends the citizen the menu, and no other topic is offered in its place.
  it('does not mistake "Izvinite što smetam u ovo doba. Kontakt?" for another topic', () => {
    const result = understand('Izvinite što smetam u ovo doba. Kontakt?', model);
    expect(result.topic).toBeNull();
    expect(result.candidates.filter((topic) => topic !== 'contacts')).toEqual([]);
  });
});

describe('understand, a question whether something is allowed (seed content)', () => {
  it('does not answer it as a report ("da li djeca smiju…?" asks the rules)', () => {
    expect(understand('da li djeca mogu na igralište?', model).topic).not.toBe('gatherings-report');
  });

  it('still reads a question about how to report as the report', () => {
    expect(understand('kako da prijavim djecu koja se okupljaju u parku?', model).topic).toBe(
      'gatherings-report',
    );
  });
});

describe('analyze: "puta" after a count', () => {
  it('is "times", not the road ("tri puta sam zvao", "5 puta")', () => {
    expect(analyze('tri puta sam zvao')).toEqual([]);
    expect(analyze('zvao sam 5 puta')).toEqual([]);
  });

  it('is the road anywhere else ("rupa nasred puta", "preko puta")', () => {
    expect(analyze('rupa nasred puta')).toContain(stem('puta'));
  });
});

describe('stem: words the suffix rules would merge with another word', () => {
  it('keeps "pravila" (rules) apart from "pravo" (a right) and "prave" (they make)', () => {
    expect(stem('pravila')).not.toBe(stem('pravo'));
    expect(stem('pravila')).toBe(stem('pravilo'));
    expect(stem('prave')).toBe(stem('pravo'));
  });
});

describe('stem: the accusative of a stem in j', () => {
  it.each([
    ['divlju', 'divlja'],
    ['nedelju', 'nedelja'],
    ['deponiju', 'deponija'],
  ])('brings %j and %j together', (accusative, nominative) => {
    expect(stem(accusative)).toBe(stem(nominative));
  });
});
