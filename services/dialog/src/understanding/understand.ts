import { charNgramScores } from './char-ngrams';
import { DetectedLanguage } from './detect-language';
import { matchWords } from './match';
import { normalize } from './normalize';
import { UnderstandingModel } from './understanding-model';

/**
 * The understanding: two models read the text and their scores are blended per topic.
 * - The word matcher (match.ts) knows words: stems, typo lookup against the content's vocabulary, how
 *   telling each word is, and it counts unknown words against a topic, which keeps off-topic phrases out.
 * - The character n-gram classifier (char-ngrams.ts) knows pieces of words, so inflections, typos and
 *   spellings the stemmer has no rule for still land near the content's examples.
 * Either alone is weaker: the words miss "pomoći"/"pomoc" variants they have no rule for, the pieces
 * drift towards a topic on shared fragments. A topic must score well on the blend to be answered.
 */

export interface Understanding {
  /** The topic understood, or null when the text is not confidently about any topic. */
  topic: string | null;
  /** 0..1: how clearly the best topic beats the others. */
  confidence: number;
  language: DetectedLanguage | null;
  /** The normalised text that was matched (lower-case Latin, no diacritics). */
  normalized: string;
  /**
   * Not sure enough to answer but a topic or two come close: the ones to offer ("did you mean…?"),
   * best first. Empty when a topic was understood or nothing came close.
   */
  candidates: string[];
  /** The message also asks about this second topic (in another sentence or clause); null otherwise. */
  alsoTopic: string | null;
}

/**
 * Calibrated on the tuning phrases and the content's examples (never on a locked held-out set).
 * A wrong answer is worse than an honest "I did not understand", so the bar is high.
 */
export const UNDERSTANDING_TUNING = {
  /** Share of the blended score from the word matcher (the rest from the n-gram classifier). */
  wordShare: 0.5,
  /** Minimum confidence to answer with a topic. */
  acceptConfidence: 0.32,
  /** Confidence = winner × (1 − penalty × (runner-up / winner)²): a near tie lowers it, a distant second hardly. */
  runnerUpPenalty: 0.6,
  /** Below acceptance, a topic whose blended score reaches this is worth offering as "did you mean". */
  offerScore: 0.22,
  /** A second topic is offered beside the first when it scores at least this share of the first. */
  offerShareOfBest: 0.7,
  maxOffers: 3,
} as const;

interface Ranked {
  /** Topic indexes, best first. */
  order: number[];
  blended: Float64Array;
  confidence: number;
  language: DetectedLanguage | null;
}

function rank(text: string, model: UnderstandingModel): Ranked {
  const words = matchWords(text, model);
  const pieces = charNgramScores(text, model.charNgrams);
  const share = UNDERSTANDING_TUNING.wordShare;
  const blended = words.scores.map((score, topic) => share * score + (1 - share) * pieces[topic]);
  const order = [...blended.keys()].sort((a, b) => blended[b] - blended[a] || a - b);
  const best = blended[order[0]] ?? 0;
  const second = blended[order[1]] ?? 0;
  // The runner-up only hurts in proportion to how close it comes: a generic word shared with another
  // topic ("radi", "opština") should not sink a clear winner, a near tie should.
  const closeness = best === 0 ? 0 : (second / best) ** 2;
  const confidence = Math.max(0, Math.min(1, best * (1 - UNDERSTANDING_TUNING.runnerUpPenalty * closeness)));
  return { order, blended, confidence, language: words.language };
}

const accepted = (ranked: Ranked) => ranked.confidence >= UNDERSTANDING_TUNING.acceptConfidence;

/** The topics worth offering when none was accepted: near the best, and good enough on their own. */
function offers(ranked: Ranked, model: UnderstandingModel): string[] {
  const { order, blended } = ranked;
  const best = blended[order[0]] ?? 0;
  if (best < UNDERSTANDING_TUNING.offerScore) return [];
  return order
    .filter((topic) => blended[topic] >= best * UNDERSTANDING_TUNING.offerShareOfBest)
    .slice(0, UNDERSTANDING_TUNING.maxOffers)
    .map((topic) => model.topics[topic].id);
}

/**
 * Sentences and clauses that may each ask something ("Porez mi je stigao. I kako da dobijem pomoć?").
 * Only a second clause that on its own is clearly about another service makes a message two-topic.
 */
const CLAUSE_BREAK = /[.!?;\n]+|,\s*|\s+(?:i|a|and|also|takodje|takođe|также|и|а)\s+/iu;

function secondTopic(text: string, primary: number, model: UnderstandingModel): number | null {
  const clauses = text.split(CLAUSE_BREAK).filter((clause) => clause.trim().length > 0);
  if (clauses.length < 2) return null;
  for (const clause of clauses) {
    const ranked = rank(clause, model);
    const topic = ranked.order[0];
    if (accepted(ranked) && topic !== primary && model.topics[topic].service && model.topics[primary].service)
      return topic;
  }
  return null;
}

/** What the citizen's free text is about, with a confidence; topic null and maybe topics to offer when unsure. */
export function understand(text: string, model: UnderstandingModel): Understanding {
  const ranked = rank(text, model);
  const base = {
    confidence: Math.round(ranked.confidence * 1000) / 1000,
    language: ranked.language,
    normalized: normalize(text),
  };
  if (!accepted(ranked)) return { ...base, topic: null, candidates: offers(ranked, model), alsoTopic: null };
  const primary = ranked.order[0];
  const also = secondTopic(text, primary, model);
  return {
    ...base,
    topic: model.topics[primary].id,
    candidates: [],
    alsoTopic: also === null ? null : model.topics[also].id,
  };
}
