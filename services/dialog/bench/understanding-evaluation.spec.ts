import { loadSeedContent } from '#dialog/content';
import { buildUnderstandingModel } from '#dialog/understanding';
import { evaluateUnderstanding } from './understanding-evaluation';

describe('evaluateUnderstanding', () => {
  const model = buildUnderstandingModel(loadSeedContent());

  it('counts right and wrong answers per topic, small talk on an off-topic phrase as right', () => {
    const evaluation = evaluateUnderstanding(
      [
        { text: 'porez na nepokretnosti', topic: 'property-tax' },
        { text: 'porez na nepokretnosti', topic: 'financial-aid' },
        { text: 'zdravo', topic: null },
        { text: 'recept za palačinke', topic: null },
      ],
      model,
    );
    expect(evaluation).toMatchObject({
      phrases: 4,
      correct: 3,
      accuracy: 0.75,
      offTopicPhrases: 2,
      offTopicAnsweredAsService: 0,
    });
    expect(evaluation.perTopic).toEqual([
      { topic: '(off-topic)', phrases: 2, correct: 2 },
      { topic: 'financial-aid', phrases: 1, correct: 0 },
      { topic: 'property-tax', phrases: 1, correct: 1 },
    ]);
    expect(evaluation.mistakes).toEqual([
      expect.objectContaining({ expected: 'financial-aid', got: 'property-tax' }),
    ]);
  });

  it('counts an off-topic phrase answered with a service as a false answer', () => {
    const evaluation = evaluateUnderstanding([{ text: 'porez na nepokretnosti', topic: null }], model);
    expect(evaluation.offTopicAnsweredAsService).toBe(1);
    expect(evaluation.accuracy).toBe(0);
  });
});
