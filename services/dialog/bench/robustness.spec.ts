import { loadSeedContent } from '#dialog/content';
import { buildUnderstandingModel } from '#dialog/understanding';
import { loadLabelledPhrases } from './labelled-phrases';
import { evaluateUnderstanding } from './understanding-evaluation';
import {
  ekavian,
  ijekavian,
  perturbedSets,
  seededRandom,
  typo,
  withHeavyTypos,
  withoutDiacritics,
  withTypos,
} from './robustness';

describe('the robustness harness', () => {
  const lexicon = buildUnderstandingModel(loadSeedContent()).lexicon;

  it('rewrites the same way on every run (seeded), keeping every label', () => {
    const phrases = [
      { text: 'kada je rok za porez', topic: 'property-tax' },
      { text: 'what is the weather like', topic: null },
    ];
    const first = perturbedSets(phrases, lexicon);
    expect(perturbedSets(phrases, lexicon)).toEqual(first);
    for (const set of first)
      for (const phrase of set.phrases) expect(['property-tax', null]).toContain(phrase.topic);
  });

  it('writes Cyrillic only for Montenegrin phrases', () => {
    const sets = perturbedSets([{ text: 'what is the weather like', topic: null }], lexicon);
    expect(sets.find((set) => set.name === 'cyrillic')?.phrases).toEqual([]);
  });

  it('makes one typo per chosen word, at least one per phrase, never in the first letter', () => {
    const random = seededRandom(1);
    for (let i = 0; i < 50; i++) {
      const word = typo('porez', random);
      expect(word[0]).toBe('p');
      expect(Math.abs(word.length - 5)).toBeLessThanOrEqual(1);
    }
    expect(withTypos('rok za porez', seededRandom(2))).not.toBe('rok za porez');
  });

  it('mistypes every word of seven letters or more twice, never in the first letter', () => {
    const rewritten = withHeavyTypos('sekretarijat za urbanizam', seededRandom(3)).split(' ');
    expect(rewritten[0]).not.toBe('sekretarijat');
    expect(rewritten[0][0]).toBe('s');
    expect(rewritten[2]).not.toBe('urbanizam');
  });

  it('drops diacritics and switches ijekavian and ekavian', () => {
    expect(withoutDiacritics('šta je sa đubretom, čekam')).toBe('sta je sa djubretom, cekam');
    expect(ekavian('gdje je mjesto za dijete')).toBe('gde je mesto za dete');
    expect(ijekavian('gde je mesto za dete')).toBe('gdje je mjesto za dijete');
  });
});

describe('the understanding on the robustness harness (seed content)', () => {
  const model = buildUnderstandingModel(loadSeedContent());
  const sets = perturbedSets(loadLabelledPhrases({ set: 'tuning', part: null }), model.lexicon);
  /**
   * Just under what the round of the second independent writer measured (README, dialog): a way of
   * writing that loses ground fails here before it reaches a citizen. Their examples cost the typed
   * rewritings about a point (typos 87.7 → 86.4 %, heavy typos 81.4 → 80.0 %: more words for a slip to
   * land on) and long messages 94.3 → 93.4 %, so those floors sit a point lower than before. Off-topic
   * phrases answered stay at most 5 of 110 in every rewriting (3 as written: the tuning set holds phrases
   * written to be close to topics; 5 with Cyrillic and typos, where "моер" is one slip from "мере").
   */
  const FLOORS: Record<string, number> = {
    'as written': 0.97,
    'no diacritics': 0.97,
    typos: 0.86,
    cyrillic: 0.97,
    'cyrillic + typos': 0.87,
    ekavian: 0.97,
    ijekavian: 0.97,
    'greeting + thanks': 0.96,
    'long message': 0.93,
    everything: 0.83,
    'everything, cyrillic': 0.84,
    'heavy typos': 0.79,
  };

  it.each(sets.map((set) => [set.name, set] as const))('keeps its floor on %s', (name, set) => {
    const evaluation = evaluateUnderstanding(set.phrases, model);
    expect(evaluation.accuracy).toBeGreaterThanOrEqual(FLOORS[name]);
    expect(evaluation.offTopicAnsweredAsService).toBeLessThanOrEqual(5);
  });
});
