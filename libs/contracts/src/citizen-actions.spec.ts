import { handoffTap, isHandoffTapPrefix, readHandoffTap } from './citizen-actions';

describe('handoff taps', () => {
  it('reads back what its buttons send', () => {
    expect(readHandoffTap(handoffTap.end)).toEqual({ kind: 'end' });
    for (const rating of [1, 2, 3, 4, 5])
      expect(readHandoffTap(` ${handoffTap.rate(rating)} `)).toEqual({ kind: 'rate', rating });
  });

  it.each([
    'rate:0',
    'rate:6',
    'rate:55',
    'please end this',
    'rate:',
    'handoff:start',
    'kraj',
    '',
    undefined,
  ])('ignores %p', (text) => {
    expect(readHandoffTap(text)).toBeNull();
  });

  it('tells the prefixes of the handoff buttons from the dialog’s', () => {
    expect(['handoff', 'rate', 'menu', 'topic'].filter(isHandoffTapPrefix)).toEqual(['handoff', 'rate']);
  });
});
