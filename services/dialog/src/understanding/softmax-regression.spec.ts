import { buildSoftmaxRegression, softmaxScores } from './softmax-regression';

// Three small classes: two topics and what lies outside. "porez" is shared by the tax topic and the
// outside phrases (the state's VAT), so only the words around it can tell them apart.
const classes = [
  ['porez na stan', 'porez na kuću', 'koliko je porez na nepokretnosti', 'rok za porez na stan'],
  ['nema vode u ulici', 'pukla cijev, nema vode', 'voda curi na putu', 'nema vode od jutros'],
  ['porez na dobit firme', 'PDV prijava firme', 'kakvo je vrijeme sutra', 'gdje je pošta'],
];

describe('softmax regression', () => {
  const model = buildSoftmaxRegression(classes);

  it('gives a probability per class that sums to one', () => {
    const scores = softmaxScores('porez na stan', model);
    expect(scores).toHaveLength(3);
    expect(scores.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 10);
    for (const p of scores) expect(p).toBeGreaterThanOrEqual(0);
  });

  it('learns its classes, inflections included', () => {
    const argmax = (text: string) => {
      const scores = softmaxScores(text, model);
      return scores.indexOf(Math.max(...scores));
    };
    expect(argmax('porez za stanove')).toBe(0);
    expect(argmax('opet nema vode')).toBe(1);
    expect(argmax('prijava PDV za firmu')).toBe(2);
  });

  it('weighs a word shared with the outside phrases by the words around it', () => {
    const tax = softmaxScores('porez na kuću', model);
    const vat = softmaxScores('porez na dobit firme', model);
    expect(tax[0]).toBeGreaterThan(tax[2]);
    expect(vat[2]).toBeGreaterThan(vat[0]);
  });

  it('trains to the same model from the same content (seeded, so a publish is repeatable)', () => {
    const again = buildSoftmaxRegression(classes);
    expect(Array.from(again.weights)).toEqual(Array.from(model.weights));
  });
});
