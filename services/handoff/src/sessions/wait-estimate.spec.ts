import { estimateWaitMinutes } from './wait-estimate';

describe('estimateWaitMinutes', () => {
  it.each([
    [1, 1, 6, 6],
    [3, 1, 6, 20], // 18 rounded up to 5
    [3, 3, 6, 6],
    [4, 0, 5, 20], // nobody available counts as one
    [1, 4, 0.5, 1], // never less than a minute
    [0, 2, 6, 3], // the first in line is position 1 at least
  ])('position %i, %i operators, %f min each → %i min', (position, operators, average, expected) => {
    expect(estimateWaitMinutes(position, operators, average)).toBe(expected);
  });
});
