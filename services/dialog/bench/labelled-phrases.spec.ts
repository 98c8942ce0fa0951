import { LABELLED_SETS, partName, requestedParts } from './labelled-phrases';

describe('requestedParts (the bench option --sets)', () => {
  it('runs every part when no --sets is given', () => {
    expect(requestedParts(['node', 'bench.js'])).toEqual(LABELLED_SETS);
  });

  it('runs only the named parts, so a locked part can be left out while tuning', () => {
    const parts = requestedParts(['node', 'bench.js', '--sets=heldout-3.dev, tuning']);
    expect(parts.map(partName)).toEqual(['heldout-3.dev', 'tuning']);
    expect(parts.some((part) => part.part === 'locked')).toBe(false);
  });

  it('runs every part but the locked ones with --dev-only', () => {
    const parts = requestedParts(['node', 'bench.js', '--dev-only']);
    expect(parts.map(partName)).toEqual([
      'heldout-3.dev',
      'heldout-4.dev',
      'heldout-6.dev',
      'heldout',
      'heldout-2',
      'tuning',
    ]);
  });

  it('refuses an unknown name instead of silently running nothing', () => {
    expect(() => requestedParts(['--sets=heldout-3.dev,heldout-9'])).toThrow(/heldout-9/);
  });
});
