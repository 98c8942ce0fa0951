import { loadSeedContent } from '../content';
import { notUnderstoodDismissed, NOT_UNDERSTOOD_STREAM, withExample } from './not-understood-inbox';

const contacts = loadSeedContent().topics.find((t) => t.id === 'contacts')!;

describe('withExample: a not-understood question filed under a topic', () => {
  it('adds a Montenegrin phrase in Latin and, transliterated, in Cyrillic', () => {
    const filed = withExample(contacts, ' gdje se vadi uvjerenje o prebivalistu ', 'cnr-Latn')!;
    expect(filed.examples['cnr-Latn'].at(-1)).toBe('gdje se vadi uvjerenje o prebivalistu');
    expect(filed.examples['cnr-Cyrl'].at(-1)).toBe('гдје се вади увјерење о пребивалисту');
    expect(filed.examples.en).toEqual(contacts.examples.en);
  });

  it('adds a Cyrillic phrase as written, and its Latin spelling', () => {
    const filed = withExample(contacts, 'гдје је општина', 'cnr-Cyrl')!;
    expect(filed.examples['cnr-Cyrl'].at(-1)).toBe('гдје је општина');
    expect(filed.examples['cnr-Latn'].at(-1)).toBe('gdje je opština');
  });

  it('adds an English phrase to the English examples only', () => {
    const filed = withExample(contacts, 'where is the town hall', 'en')!;
    expect(filed.examples.en.at(-1)).toBe('where is the town hall');
    expect(filed.examples['cnr-Latn']).toEqual(contacts.examples['cnr-Latn']);
  });

  it('changes nothing when the phrase is already an example, whatever its case', () => {
    const existing = contacts.examples['cnr-Latn'][0];
    const cyrillic = contacts.examples['cnr-Cyrl'][0];
    expect(existing).toBeDefined();
    expect(withExample(contacts, existing.toUpperCase(), 'cnr-Latn')).toBeNull();
    expect(withExample(contacts, cyrillic, 'cnr-Cyrl')).toBeNull();
    expect(contacts.examples['cnr-Latn'][0]).toBe(existing); // the input is not mutated
  });
});

describe('notUnderstoodDismissed', () => {
  it('is a valid NotUnderstoodDismissed in the inbox stream, saying who and which topic', () => {
    const at = new Date('2026-11-30T09:00:00Z');
    const event = notUnderstoodDismissed({ sub: 's-1', email: 'eva@budva.me' }, '  kad je sajam ', null, at);
    expect(event).toMatchObject({
      type: 'NotUnderstoodDismissed',
      version: 1,
      streamId: NOT_UNDERSTOOD_STREAM,
      occurredAt: at.toISOString(),
      data: { question: 'kad je sajam', topic: null, by: { id: 's-1', email: 'eva@budva.me' } },
    });
  });
});
