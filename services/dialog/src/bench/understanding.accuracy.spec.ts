import { loadSeedContent } from '../content';
import { buildUnderstandingModel, normalize } from '../understanding';
import { loadLabelledPhrases } from './labelled-phrases';
import { evaluateUnderstanding } from './understanding-evaluation';

/**
 * Regression check on the held-out phrases (written before tuning and never tuned against): the
 * engine must stay at least 90% accurate and must never answer an off-topic phrase with a service.
 */
describe('understanding accuracy on held-out phrases', () => {
  const content = loadSeedContent();
  const model = buildUnderstandingModel(content);
  const heldout = loadLabelledPhrases('heldout');

  it('is a real held-out set: at least 200 phrases, known topics, none a copy of an example phrase', () => {
    expect(heldout.length).toBeGreaterThanOrEqual(200);
    const topicIds = new Set(content.topics.map((topic) => topic.id));
    for (const phrase of heldout) if (phrase.topic !== null) expect(topicIds).toContain(phrase.topic);
    const examples = new Set(
      content.topics
        .flatMap((topic) => [
          ...topic.examples['cnr-Latn'],
          ...topic.examples['cnr-Cyrl'],
          ...topic.examples.en,
        ])
        .map(normalize),
    );
    expect(
      heldout.filter((phrase) => examples.has(normalize(phrase.text))).map((phrase) => phrase.text),
    ).toEqual([]);
    expect(heldout.filter((phrase) => phrase.topic === null).length).toBeGreaterThanOrEqual(20);
  });

  it('answers at least 90% of the held-out phrases correctly', () => {
    const evaluation = evaluateUnderstanding(heldout, model);
    expect(evaluation.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('never answers an off-topic phrase with a service topic', () => {
    const evaluation = evaluateUnderstanding(heldout, model);
    const offTopicMistakes = evaluation.mistakes.filter((mistake) => mistake.expected === null);
    expect(offTopicMistakes).toEqual([]);
    expect(evaluation.offTopicAnsweredAsService).toBe(0);
  });
});
