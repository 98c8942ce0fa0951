import { understand, UnderstandingModel } from '#dialog/understanding';
import { LabelledPhrase } from './labelled-phrases';

export interface TopicAccuracy {
  topic: string;
  phrases: number;
  correct: number;
}

export interface UnderstandingEvaluation {
  phrases: number;
  correct: number;
  accuracy: number;
  offTopicPhrases: number;
  /** Off-topic phrases answered with a service topic (small talk does not count: it is a harmless answer). */
  offTopicAnsweredAsService: number;
  perTopic: TopicAccuracy[];
  mistakes: { text: string; expected: string | null; got: string | null; confidence: number }[];
}

const OFF_TOPIC = '(off-topic)';

/**
 * Top-1 accuracy on labelled phrases. A phrase labelled null counts as correct when it gets no topic or
 * a small-talk topic ("hi" may be a greeting), never when it gets a service topic.
 */
export function evaluateUnderstanding(
  phrases: readonly LabelledPhrase[],
  model: UnderstandingModel,
): UnderstandingEvaluation {
  const serviceTopics = new Set(model.topics.filter((topic) => topic.service).map((topic) => topic.id));
  const perTopic = new Map<string, TopicAccuracy>();
  const mistakes: UnderstandingEvaluation['mistakes'] = [];
  let correct = 0;
  let offTopicPhrases = 0;
  let offTopicAnsweredAsService = 0;
  for (const phrase of phrases) {
    const result = understand(phrase.text, model);
    const answeredService = result.topic !== null && serviceTopics.has(result.topic);
    const isCorrect = phrase.topic === null ? !answeredService : result.topic === phrase.topic;
    if (phrase.topic === null) {
      offTopicPhrases += 1;
      if (answeredService) offTopicAnsweredAsService += 1;
    }
    const key = phrase.topic ?? OFF_TOPIC;
    const stats = perTopic.get(key) ?? { topic: key, phrases: 0, correct: 0 };
    stats.phrases += 1;
    if (isCorrect) {
      stats.correct += 1;
      correct += 1;
    } else {
      mistakes.push({
        text: phrase.text,
        expected: phrase.topic,
        got: result.topic,
        confidence: result.confidence,
      });
    }
    perTopic.set(key, stats);
  }
  return {
    phrases: phrases.length,
    correct,
    accuracy: phrases.length === 0 ? 0 : correct / phrases.length,
    offTopicPhrases,
    offTopicAnsweredAsService,
    perTopic: [...perTopic.values()].sort((a, b) => a.topic.localeCompare(b.topic)),
    mistakes,
  };
}
