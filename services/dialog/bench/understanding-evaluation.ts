import { understand, UnderstandingModel } from '#dialog/understanding';
import { LabelledPhrase } from './labelled-phrases';

export interface TopicAccuracy {
  topic: string;
  phrases: number;
  correct: number;
}

/** One kind of mistake: phrases of `expected` taken for `got` (null: not understood), how many. */
export interface Confusion {
  expected: string;
  got: string;
  count: number;
}

export interface UnderstandingEvaluation {
  phrases: number;
  correct: number;
  accuracy: number;
  offTopicPhrases: number;
  /** Off-topic phrases answered with a service topic (small talk does not count: it is a harmless answer). */
  offTopicAnsweredAsService: number;
  /** Phrases not answered for which "did you mean" offered the right topic (not counted as correct). */
  offeredRight: number;
  /** Off-topic phrases for which "did you mean" offered a service topic (not an answer, but noise). */
  offTopicOffered: number;
  /** Phrases labelled with a second topic, and how many got both topics (answered one, offered the other). */
  secondTopicPhrases: number;
  secondTopicNamed: number;
  /** Phrases of heldout-3 labelled with one topic that got a second one offered all the same. */
  secondTopicSpurious: number;
  /** Per script label (latn, cyrl, en) where the set has one. */
  perScript: TopicAccuracy[];
  perTopic: TopicAccuracy[];
  /** Most frequent first. */
  confusion: Confusion[];
  mistakes: { text: string; expected: string | null; got: string | null; confidence: number }[];
}

export const OFF_TOPIC = '(off-topic)';
export const NOT_UNDERSTOOD = '(not understood)';

/**
 * Top-1 accuracy on labelled phrases. A phrase labelled null counts as correct when it gets no topic or
 * a small-talk topic ("hi" may be a greeting), never when it gets a service topic.
 */
export function evaluateUnderstanding(
  phrases: readonly LabelledPhrase[],
  model: UnderstandingModel,
  acceptScore?: number,
): UnderstandingEvaluation {
  const serviceTopics = new Set(model.topics.filter((topic) => topic.service).map((topic) => topic.id));
  const perTopic = new Map<string, TopicAccuracy>();
  const confusion = new Map<string, Confusion>();
  const mistakes: UnderstandingEvaluation['mistakes'] = [];
  let correct = 0;
  let offTopicPhrases = 0;
  let offTopicAnsweredAsService = 0;
  let offeredRight = 0;
  let offTopicOffered = 0;
  let secondTopicPhrases = 0;
  let secondTopicNamed = 0;
  let secondTopicSpurious = 0;
  const perScript = new Map<string, TopicAccuracy>();
  for (const phrase of phrases) {
    const result = understand(phrase.text, model, acceptScore);
    const answeredService = result.topic !== null && serviceTopics.has(result.topic);
    const isCorrect = phrase.topic === null ? !answeredService : result.topic === phrase.topic;
    if (phrase.topic === null) {
      offTopicPhrases += 1;
      if (answeredService) offTopicAnsweredAsService += 1;
      if (result.candidates.some((topic) => serviceTopics.has(topic))) offTopicOffered += 1;
    } else if (result.topic === null && result.candidates.includes(phrase.topic)) {
      offeredRight += 1;
    }
    const named = [result.topic, result.alsoTopic];
    if (phrase.also) {
      secondTopicPhrases += 1;
      if (named.includes(phrase.topic) && named.includes(phrase.also)) secondTopicNamed += 1;
    } else if (phrase.also === null || (phrase.also === undefined && phrase.script !== undefined)) {
      if (result.alsoTopic !== null) secondTopicSpurious += 1;
    }
    if (phrase.script) {
      const script = perScript.get(phrase.script) ?? { topic: phrase.script, phrases: 0, correct: 0 };
      script.phrases += 1;
      if (isCorrect) script.correct += 1;
      perScript.set(phrase.script, script);
    }
    const key = phrase.topic ?? OFF_TOPIC;
    const stats = perTopic.get(key) ?? { topic: key, phrases: 0, correct: 0 };
    stats.phrases += 1;
    if (isCorrect) {
      stats.correct += 1;
      correct += 1;
    } else {
      const got = result.topic ?? NOT_UNDERSTOOD;
      const pair = confusion.get(`${key}→${got}`) ?? { expected: key, got, count: 0 };
      pair.count += 1;
      confusion.set(`${key}→${got}`, pair);
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
    offeredRight,
    offTopicOffered,
    secondTopicPhrases,
    secondTopicNamed,
    secondTopicSpurious,
    perScript: [...perScript.values()].sort((a, b) => a.topic.localeCompare(b.topic)),
    perTopic: [...perTopic.values()].sort((a, b) => a.topic.localeCompare(b.topic)),
    confusion: [...confusion.values()].sort(
      (a, b) => b.count - a.count || a.expected.localeCompare(b.expected) || a.got.localeCompare(b.got),
    ),
    mistakes,
  };
}
