import { describe, expect, it } from '@jest/globals';
import { ContentTopic, Localized } from './content-model';
import { topicTextChanges } from './topic-changes';

const text = (latin: string, en = 'x'): Localized => ({ 'cnr-Latn': latin, 'cnr-Cyrl': latin, en });
const published: ContentTopic = {
  id: 'property-tax',
  department: 'local-revenue',
  kind: 'answer',
  title: text('Porez'),
  answer: text('Rok je 30. jun.'),
  examples: { 'cnr-Latn': ['porez'], 'cnr-Cyrl': ['порез'], en: ['tax'] },
  followUps: [],
};

describe('topicTextChanges: the diff of one topic, per language and script', () => {
  it('lists each changed text with its published and draft wording', () => {
    const draft = {
      ...published,
      answer: { ...published.answer, 'cnr-Latn': 'Rok je 31. jul.' },
      examples: { ...published.examples, en: ['tax', 'house tax'] },
    };
    expect(topicTextChanges(published, draft)).toEqual([
      { field: 'answer', script: 'cnr-Latn', before: 'Rok je 30. jun.', after: 'Rok je 31. jul.' },
      { field: 'examples', script: 'en', before: 'tax', after: 'tax\nhouse tax' },
    ]);
  });

  it('shows a new topic as all after and nothing before', () => {
    const changes = topicTextChanges(undefined, published);
    expect(changes.find((c) => c.field === 'answer' && c.script === 'en')).toEqual({
      field: 'answer',
      script: 'en',
      before: '',
      after: 'x',
    });
  });

  it('finds nothing when the topic did not change', () => {
    expect(topicTextChanges(published, { ...published })).toEqual([]);
  });
});
