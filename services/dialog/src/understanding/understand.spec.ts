import { Content } from '../content/content.types';
import { expandAuthoredContent } from '../content/expand-authored-content';
import { budvaAuthoredContent, loadSeedContent } from '../content/seed/budva.content';
import { understand } from './understand';
import { buildUnderstandingModel } from './understanding-model';

const seedModel = buildUnderstandingModel(loadSeedContent());

describe('understand: the blend of the word matcher and the n-gram classifier (seed content)', () => {
  it.each([
    ['porezz na nepokretnot', 'property-tax'],
    ['pomoći', 'financial-aid'],
    ['Is there any money support for families during the pandemic?', 'financial-aid'],
  ])('understands inflections and typos the word matcher alone has no rule for: %s → %s', (text, topic) => {
    expect(understand(text, seedModel).topic).toBe(topic);
  });

  it.each(['koliko je sati', 'najbolja plaza', 'recept za palačinke', 'who won the football game'])(
    'keeps the honest "not understood" for an off-topic phrase: %s',
    (text) => {
      expect(understand(text, seedModel)).toMatchObject({ topic: null });
    },
  );

  it('takes two bare topic words for one of them or offers them, never for a third topic', () => {
    const result = understand('porez i pomoc', seedModel);
    expect(['property-tax', 'financial-aid']).toContain(result.topic ?? result.candidates[0]);
  });

  it('offers nothing when no topic comes close', () => {
    expect(understand('koliko je sati', seedModel).candidates).toEqual([]);
  });

  it('answers one topic of a two-question message and names the other', () => {
    const result = understand(
      'Kako da platim porez na nepokretnost? I kako da dobijem jednokratnu pomoć?',
      seedModel,
    );
    expect(result.topic).toBe('property-tax');
    expect(result.alsoTopic).toBe('financial-aid');
  });

  it('names no second topic for a one-question message', () => {
    expect(understand('kako da platim porez na nepokretnost', seedModel).alsoTopic).toBeNull();
  });
});

describe('understand: the model follows the content it was built from', () => {
  const seed = expandAuthoredContent(budvaAuthoredContent);
  const withExample = (phrase: string): Content => ({
    ...seed,
    version: seed.version + 1,
    topics: seed.topics.map((topic) =>
      topic.id === 'contacts'
        ? { ...topic, examples: { ...topic.examples, 'cnr-Latn': [...topic.examples['cnr-Latn'], phrase] } }
        : topic,
    ),
  });

  it('learns a new example phrase when the model is rebuilt, with its inflections', () => {
    const before = understand('gdje je matični ured', buildUnderstandingModel(seed));
    const after = understand('idem u matičnom uredu', buildUnderstandingModel(withExample('matični ured')));
    expect(before.topic).not.toBe('contacts');
    expect(after.topic).toBe('contacts');
  });
});
