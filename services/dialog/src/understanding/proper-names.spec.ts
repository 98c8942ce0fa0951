import { properNameTerms } from './proper-names';

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
