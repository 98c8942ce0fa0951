import { damerauLevenshtein } from './edit-distance';

describe('damerauLevenshtein', () => {
  it.each([
    ['porez', 'porez', 0],
    ['porez', 'porex', 1],
    ['porez', 'porz', 1],
    ['porez', 'poorez', 1],
    ['porez', 'proez', 1],
    ['operater', 'opreater', 1],
    ['nepokretnost', 'nepokretnsot', 1],
    ['kitten', 'sitting', 3],
  ])('%s ↔ %s = %i', (a, b, distance) => {
    expect(damerauLevenshtein(a, b)).toBe(distance);
  });

  it('stops early past the limit', () => {
    expect(damerauLevenshtein('porez', 'financije', 1)).toBe(2);
    expect(damerauLevenshtein('kitten', 'sitting', 2)).toBe(3);
  });
});
