import { estimateQueue, MIN_MEASURED_SESSIONS } from './queue-estimate';

describe('estimateQueue', () => {
  it.each<[string, number, number | null, number, { position: number; waitMinutes: number | null }]>([
    ['no history: the place only', 2, null, 0, { position: 2, waitMinutes: null }],
    [
      'too little history: the place only',
      1,
      4,
      MIN_MEASURED_SESSIONS - 1,
      { position: 1, waitMinutes: null },
    ],
    ['enough history: the median wait', 1, 6, MIN_MEASURED_SESSIONS, { position: 1, waitMinutes: 6 }],
    ['a fraction of a minute rounds up', 3, 4.2, 20, { position: 3, waitMinutes: 5 }],
    ['never less than a minute', 1, 0.1, 20, { position: 1, waitMinutes: 1 }],
    ['an instant claim still says a minute', 1, 0, 20, { position: 1, waitMinutes: 1 }],
    ['above 10 rounded up to 5', 4, 18, 20, { position: 4, waitMinutes: 20 }],
    ['exactly 10 stays 10', 1, 10, 20, { position: 1, waitMinutes: 10 }],
    ['the first in line is position 1 at least', 0, null, 0, { position: 1, waitMinutes: null }],
  ])('%s', (_, position, medianMinutes, sessions, expected) => {
    expect(estimateQueue(position, { medianMinutes, sessions })).toEqual(expected);
  });
});
