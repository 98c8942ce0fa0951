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
   * Just under what session 5 measured (README, dialog): a way of writing that loses ground fails here
   * before it reaches a citizen. That session's examples (eight more independent writers, 1,200 phrases
   * of them off-topic) and the regression's veto cost the typed rewritings two to three points (typos
   * 86.4 → 83.5 %: more words for a slip to land on, and more of them outside) and "long message" 6.5
   * points (93.4 → 86.9 %): a two-word tuning phrase between two story sentences that both readers put
   * outside is no longer read from its fragment (understand.ts, MIN_CLAUSE_TERMS_OUTSIDE), while the
   * real long messages of an independent writer lost nothing to that rule. Losses to win back, not the
   * aim. Off-topic phrases answered stay at most 5 of 110 in every rewriting (4 as written: the tuning
   * set holds phrases written to be close to topics).
   */
  const FLOORS: Record<string, number> = {
    'as written': 0.96,
    'no diacritics': 0.96,
    typos: 0.83,
    cyrillic: 0.97,
    'cyrillic + typos': 0.86,
    ekavian: 0.97,
    ijekavian: 0.97,
    'greeting + thanks': 0.94,
    'long message': 0.86,
    everything: 0.8,
    'everything, cyrillic': 0.83,
    'heavy typos': 0.78,
  };

  it.each(sets.map((set) => [set.name, set] as const))('keeps its floor on %s', (name, set) => {
    const evaluation = evaluateUnderstanding(set.phrases, model);
    expect(evaluation.accuracy).toBeGreaterThanOrEqual(FLOORS[name]);
    expect(evaluation.offTopicAnsweredAsService).toBeLessThanOrEqual(5);
  });
});
