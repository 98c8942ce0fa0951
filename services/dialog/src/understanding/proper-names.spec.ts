import { placeNameTerms, properNameTerms } from './proper-names';

describe('properNameTerms', () => {
  it('finds words capitalised inside a sentence, in either script', () => {
    expect([...properNameTerms('pao je bor na put kod Pržna')]).toEqual(['przn']);
    expect(properNameTerms('рупа на путу код Мединског моста').size).toBe(1);
  });

  it('leaves the first word of each sentence and all-capitals messages alone', () => {
    expect(properNameTerms('Porez. Pomoć kada?').size).toBe(0);
    expect(properNameTerms('RUPA NA PUTU KOD PRZNA').size).toBe(0);
  });
});

describe('placeNameTerms', () => {
  it("finds the municipality's places written in lower case, in any case ending or script", () => {
    expect([...placeNameTerms('smeće kod kontejnera u rozinu')]).toEqual(['rozin']);
    expect([...placeNameTerms('rupa na putu u bečićima')]).toEqual(['becic']);
    expect(placeNameTerms('пало дрво код петровца').size).toBe(1);
    expect(placeNameTerms('ulica mediteranska bez svjetla').size).toBe(1);
  });

  it('takes no everyday word for a place', () => {
    expect(placeNameTerms('kako da platim porez na stan u starom gradu').size).toBe(0);
    expect(placeNameTerms('polomljene ploče na trotoaru').size).toBe(0);
  });
});
