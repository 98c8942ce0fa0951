import { Content, loadSeedContent, Topic } from '../content';
import { buildUnderstandingModel } from '../understanding';
import { putTopic } from './content-draft-edits';
import { DraftModelCache, tryContent } from './try-content';

const seed = loadSeedContent();
const seedModel = buildUnderstandingModel(seed);
const propertyTax = seed.topics.find((t) => t.id === 'property-tax')!;
const NOW = new Date('2026-11-30T09:00:00Z');
const NEW_ANSWER = 'Rok za plaćanje poreza je 30. jun (nacrt).';

function withAnswer(content: Content, topic: Topic, answer: string): Content {
  return putTopic(content, { ...topic, answer: { ...topic.answer, 'cnr-Latn': answer } }).content;
}

describe('tryContent: what the bot would answer from a given content', () => {
  it('answers a question as a citizen would be answered, buttons included', () => {
    const reply = tryContent(seed, seedModel, { text: 'porez na nepokretnosti' }, NOW);
    expect(reply).toMatchObject({ topic: 'property-tax', outcome: 'answered', language: 'cnr-Latn' });
    expect(reply.messages[0]).toMatchObject({ kind: 'text' });
    expect(reply.messages[0].kind === 'text' && reply.messages[0].text).toContain(
      propertyTax.answer['cnr-Latn'],
    );
    expect(reply.messages[0].keyboard?.buttons.length).toBeGreaterThan(0);
  });

  it('answers from the content it is given, not from another one', () => {
    const draft = withAnswer(seed, propertyTax, NEW_ANSWER);
    const fromDraft = tryContent(
      draft,
      buildUnderstandingModel(draft),
      { text: 'porez na nepokretnosti' },
      NOW,
    );
    const fromPublished = tryContent(seed, seedModel, { text: 'porez na nepokretnosti' }, NOW);
    expect(fromDraft.messages[0].kind === 'text' && fromDraft.messages[0].text).toContain(NEW_ANSWER);
    expect(fromPublished.messages[0].kind === 'text' && fromPublished.messages[0].text).not.toContain(
      NEW_ANSWER,
    );
  });

  it('understands a new example phrase of the draft that the published content does not', () => {
    const phrase = 'mansarda potkrovlje tavan';
    const draft = putTopic(seed, {
      ...propertyTax,
      examples: { ...propertyTax.examples, 'cnr-Latn': [...propertyTax.examples['cnr-Latn'], phrase] },
    }).content;
    expect(tryContent(seed, seedModel, { text: phrase }, NOW).topic).not.toBe('property-tax');
    expect(tryContent(draft, buildUnderstandingModel(draft), { text: phrase }, NOW).topic).toBe(
      'property-tax',
    );
  });

  it('follows taps through the menu: a sub-menu, then Back from where the chat stands', () => {
    const services = tryContent(seed, seedModel, { text: 'menu:services' }, NOW);
    expect(services).toMatchObject({ outcome: 'menu', menuAt: 'services' });
    const labels = services.messages[0].keyboard!.buttons.map((b) => b.value);
    expect(labels).toEqual(expect.arrayContaining(['topic:property-tax', 'nav:back']));
    const back = tryContent(seed, seedModel, { text: 'nav:back', menuAt: 'services' }, NOW);
    expect(back).toMatchObject({ outcome: 'menu', menuAt: 'main' });
  });

  it('answers a tap in the language the chat is in', () => {
    const reply = tryContent(seed, seedModel, { text: 'topic:property-tax', language: 'en' }, NOW);
    expect(reply.language).toBe('en');
    expect(reply.messages[0].kind === 'text' && reply.messages[0].text).toContain(propertyTax.answer.en);
  });

  it('says honestly when it does not understand', () => {
    const reply = tryContent(seed, seedModel, { text: 'qwzx vbnm plkj' }, NOW);
    expect(reply).toMatchObject({ topic: null, outcome: 'not-understood' });
    expect(reply.messages.length).toBeGreaterThan(0);
  });
});

describe('DraftModelCache', () => {
  it('builds the model once per draft state and again when the draft changes', () => {
    let builds = 0;
    const cache = new DraftModelCache((c) => {
      builds++;
      return buildUnderstandingModel(c);
    });
    const first = cache.modelOf('draft:1:a', seed);
    expect(cache.modelOf('draft:1:a', seed)).toBe(first);
    expect(builds).toBe(1);
    cache.modelOf('draft:1:b', seed);
    expect(builds).toBe(2);
  });
});
