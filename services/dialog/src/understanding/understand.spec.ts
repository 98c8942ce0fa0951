import { Content } from '../content/content.types';
import { expandAuthoredContent } from '../content/expand-authored-content';
import { budvaAuthoredContent, loadSeedContent } from '../content/seed/budva.content';
import { understand, UNDERSTANDING_TUNING } from './understand';
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

describe('understand: generalisations (seed content)', () => {
  it('answers "klinci sjede na zidiću do ponoći" as a gatherings report', () => {
    expect(understand('klinci sjede na zidiću do ponoći', seedModel).topic).toBe('gatherings-report');
  });

  // ("a loud group of boys…" was the example until "loud" joined the report topic's words, 2026-11.)
  it.each([['djeca okupljena', 'gatherings-report']])(
    'answers %j a little below the bar when the word matcher and the n-grams both put %s first',
    (text, topic) => {
      const result = understand(text, seedModel);
      expect(result.topic).toBe(topic);
      // Below the confidence of the plain bar (0.78 at 0.28): only the agreement let it through.
      expect(result.confidence).toBeLessThan(0.78);
      const { acceptScore, agreementRelief } = UNDERSTANDING_TUNING;
      expect(understand(text, seedModel, acceptScore + agreementRelief).topic).toBeNull();
    },
  );

  it('reads the question inside a greeting and thanks as it reads the bare question', () => {
    const bare = understand('kada je rok za drugu ratu poreza', seedModel);
    const wrapped = understand('Dobar dan, kada je rok za drugu ratu poreza? Hvala unaprijed', seedModel);
    expect(wrapped.topic).toBe('property-tax');
    expect(wrapped.confidence).toBeGreaterThanOrEqual(bare.confidence - 0.01);
    expect(understand('Pozdrav, treba mi broj komunalne policije, hvala', seedModel).topic).toBe('contacts');
  });

  it('keeps courtesy alone as small talk', () => {
    expect(understand('Dobar dan!', seedModel).topic).toBe('greeting');
    expect(understand('veliko hvala', seedModel).topic).toBe('thanks');
  });

  it('takes a place of the municipality written in lower case for a name, not for an unexplained word', () => {
    const capitalised = understand('rupa na putu u Rozinu', seedModel);
    const lowerCase = understand('rupa na putu u rozinu', seedModel);
    expect(lowerCase.topic).toBe('report-problem');
    expect(lowerCase.confidence).toBeCloseTo(capitalised.confidence, 2);
  });

  it('answers very short messages: one word, with or without a question mark, in either script', () => {
    expect(understand('porez?', seedModel).topic).toBe('property-tax');
    expect(understand('ПОМОЋ', seedModel).topic).toBe('financial-aid');
    expect(understand('operater', seedModel).topic).toBe('operator');
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
    const before = buildUnderstandingModel(seed);
    const after = buildUnderstandingModel(withExample('matični ured'));
    // The regression's outside class is the largest, so a lone new example teaches the phrase and its
    // close kin at once, while a bare inflection of it ("matičnog ureda") waits for a second example.
    for (const inflected of ['gdje je matični ured', 'adresa matičnog ureda']) {
      expect(understand(inflected, before).topic).not.toBe('contacts');
      expect(understand(inflected, after).topic).toBe('contacts');
    }
  });
});

describe('understand: thanks for an earlier answer before a new question (seed content)', () => {
  it('answers the question and names the thanks as the second topic', () => {
    expect(understand('Hvala na odgovoru. Koji je broj vodovoda?', seedModel)).toMatchObject({
      topic: 'contacts',
      alsoTopic: 'thanks',
    });
  });

  it('does not take thanks in advance at the end for thanks of an earlier answer', () => {
    expect(understand('Koji je broj vodovoda? Hvala unaprijed', seedModel).alsoTopic).toBeNull();
  });
});

describe('understand: a one-word clause is never a second topic (seed content)', () => {
  it('answers the gatherings report and offers nothing for "dođite"', () => {
    const result = understand('opet se skupila grupa klinaca ispred zgrade, dođite', seedModel);
    expect(result.topic).toBe('gatherings-report');
    expect(result.alsoTopic).toBeNull();
  });
});

describe('understand: what is offered when unsure (seed content)', () => {
  it('takes "i dalje" for "still", not a typo of "daje" (gives)', () => {
    expect(understand('Dobar dan, smiju li klinci na teren ili i dalje ne?', seedModel).topic).not.toBe(
      'financial-aid',
    );
  });

  it('offers topics from the question, not the greeting around it', () => {
    const result = understand('Dobar dan, da li je dozvoljeno sjediti na klupi?', seedModel);
    expect(result.topic).toBeNull();
    // Both are offered: the words of a bench and of permission also lean towards gatherings reports.
    expect(result.candidates).toEqual(expect.arrayContaining(['health-measures', 'gatherings-report']));
    expect(result.candidates).not.toContain('greeting');
  });
});

describe('understand: a problem with something is about that thing (seed content)', () => {
  it.each([
    'imam problem sa mobilnim',
    'problem sa stanodavcem',
    'imam problem sa komšijom oko stana',
    'my laptop is broken',
    'I have a problem with my neighbour',
  ])('does not answer a private trouble as a communal report: %s', (text) => {
    expect(understand(text, seedModel).topic).toBeNull();
  });

  it.each([
    'problem sa vodom',
    'problem sa smećem u ulici',
    'imam problem da prijavim',
    'broken light',
    'kvar',
  ])('still answers a communal one, or one that does not say what: %s', (text) => {
    expect(understand(text, seedModel).topic).toBe('report-problem');
  });
});

describe('understand: a lone word that one example happens to use (seed content)', () => {
  it('does not answer a message of one word found in a single example of the topic, but offers it', () => {
    // "roštilj" (a barbecue) is in one gatherings report example, as what the group was doing.
    const result = understand('roštilj', seedModel);
    expect(result.topic).toBeNull();
    expect(result.candidates).toContain('gatherings-report');
  });

  it.each([
    ['porez', 'property-tax'],
    ['Dobar dan, porez. Pozdrav', 'property-tax'],
    ['pomoć', 'financial-aid'],
  ])('still answers a word its topic uses again and again: %s', (text, topic) => {
    expect(understand(text, seedModel).topic).toBe(topic);
  });
});
