import { Content } from '#dialog/content';
import { buildUnderstandingModel, OUTSIDE_PHRASES } from '#dialog/understanding';
import { LabelledPhrase } from './labelled-phrases';
import { evaluateUnderstanding } from './understanding-evaluation';

/**
 * K-fold cross-validation over the content's own examples and the outside phrases: every k-th example
 * of each topic (and every k-th outside phrase, as an off-topic phrase) is held out, the model is built
 * from the rest, and the held-out ones are understood. It needs no labelled set at all, so the answer
 * threshold can be calibrated on it without touching a held-out part.
 */

export interface ThresholdPoint {
  acceptScore: number;
  phrases: number;
  correct: number;
  offTopicPhrases: number;
  offTopicAnsweredAsService: number;
}

const keep = (fold: number, folds: number) => (_: unknown, index: number) => index % folds !== fold;
const held = (fold: number, folds: number) => (_: unknown, index: number) => index % folds === fold;

/** The content without fold `fold` of each topic's examples (the Cyrillic ones follow their Latin ones). */
function withoutFold(content: Content, fold: number, folds: number): Content {
  return {
    ...content,
    topics: content.topics.map((topic) => ({
      ...topic,
      examples: {
        'cnr-Latn': topic.examples['cnr-Latn'].filter(keep(fold, folds)),
        'cnr-Cyrl': topic.examples['cnr-Cyrl'].filter(keep(fold, folds)),
        en: topic.examples.en.filter(keep(fold, folds)),
      },
    })),
  };
}

function heldOutPhrases(content: Content, fold: number, folds: number): LabelledPhrase[] {
  return [
    ...content.topics.flatMap((topic) =>
      [
        ...topic.examples['cnr-Latn'].filter(held(fold, folds)),
        ...topic.examples.en.filter(held(fold, folds)),
      ].map((text) => ({ text, topic: topic.id })),
    ),
    ...OUTSIDE_PHRASES.filter(held(fold, folds)).map((text) => ({ text, topic: null })),
  ];
}

/** Accuracy and off-topic answers of the held-out examples at each answer threshold, summed over the folds. */
export function crossValidate(
  content: Content,
  folds: number,
  acceptScores: readonly number[],
): ThresholdPoint[] {
  const points = acceptScores.map((acceptScore) => ({
    acceptScore,
    phrases: 0,
    correct: 0,
    offTopicPhrases: 0,
    offTopicAnsweredAsService: 0,
  }));
  for (let fold = 0; fold < folds; fold++) {
    const model = buildUnderstandingModel(
      withoutFold(content, fold, folds),
      OUTSIDE_PHRASES.filter(keep(fold, folds)),
    );
    const phrases = heldOutPhrases(content, fold, folds);
    for (const point of points) {
      const evaluation = evaluateUnderstanding(phrases, model, point.acceptScore);
      point.phrases += evaluation.phrases;
      point.correct += evaluation.correct;
      point.offTopicPhrases += evaluation.offTopicPhrases;
      point.offTopicAnsweredAsService += evaluation.offTopicAnsweredAsService;
    }
  }
  return points;
}
