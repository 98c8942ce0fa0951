import { CITIZEN_TEXTS } from './citizen-texts';

describe('the queue message', () => {
  it.each(Object.entries(CITIZEN_TEXTS))('in %s tells a measured wait, and no wait without one', (_, t) => {
    const withWait = t.queued(3, 15);
    const placeOnly = t.queued(3, null);
    expect(withWait).toContain('3');
    expect(withWait).toContain('15');
    expect(placeOnly).toContain('3');
    // No number of minutes, nor a stray "null", when nothing was measured.
    expect(placeOnly).not.toMatch(/null|\d+ (min|мин)/);
    expect(placeOnly.length).toBeLessThan(withWait.length);
  });

  it('reads as before in Montenegrin, with the wait as a measured fact', () => {
    expect(CITIZEN_TEXTS['cnr-Latn'].queued(2, 10)).toBe(
      'Na redu ste za operatera: 2. U posljednje vrijeme čekanje je oko 10 min. Slobodno napišite pitanje; operater će ga vidjeti.',
    );
    expect(CITIZEN_TEXTS['cnr-Latn'].queued(2, null)).toBe(
      'Na redu ste za operatera: 2. Slobodno napišite pitanje; operater će ga vidjeti.',
    );
  });
});
