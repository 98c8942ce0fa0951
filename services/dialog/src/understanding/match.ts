import { detectLanguage, DetectedLanguage } from './detect-language';
import { damerauLevenshtein } from './edit-distance';
import { analyze } from './analyze';
import { INSULT_TERM_PREFIX } from './rudeness';
import { COURTESY_TERMS } from './courtesy';
import { FuzzyResolution, singleDeletions, UnderstandingModel } from './understanding-model';

export interface TopicScore {
  topic: string;
  score: number;
}

export interface TopicScores {
  scores: TopicScore[];
  /**
   * 0..1: how exactly the query's known words matched (1 when all matched as written, lower for
   * typos, truncations and words known only from the other language).
   */
  matchQuality: number;
}

/** Weights of the word matcher, calibrated on the content's examples and the tuning phrases. */
export const MATCH_TUNING = {
  /** Share of the topic score from coverage (the rest from the best single example's cosine). */
  coverageShare: 0.5,
  /** A term seen in this many examples of a topic is full evidence for it; fewer, proportionally less. */
  examplesForFullEvidence: 3,
  typoQuality: 0.8,
  doubleTypoQuality: 0.6,
  prefixQuality: 0.5,
  /** A term known only from the other language's examples (a false friend such as "post"/"pošta"). */
  crossLanguageQuality: 0.5,
  /** An unknown word written as a name (proper-names.ts) weighs this share of an unknown word. */
  nameShareOfUnknown: 0.25,
} as const;

const FUZZY_CACHE_LIMIT = 50_000;

function distanceOneCandidates(model: UnderstandingModel, word: string): string[] {
  const out = new Set<string>();
  // word = term with one letter deleted, term = word with one deleted, or one substitution/transposition.
  for (const origin of model.deletions.get(word) ?? []) out.add(origin);
  for (const deletion of singleDeletions(word)) {
    if (model.terms.has(deletion)) out.add(deletion);
    for (const origin of model.deletions.get(deletion) ?? []) out.add(origin);
  }
  return [...out].filter((term) => damerauLevenshtein(word, term, 1) <= 1);
}

function mostFrequent(model: UnderstandingModel, candidates: readonly string[]): string {
  let best = candidates[0];
  let bestCount = -1;
  for (const term of candidates) {
    const count = model.terms.get(term)?.examples.length ?? 0;
    if (count > bestCount || (count === bestCount && term < best)) {
      best = term;
      bestCount = count;
    }
  }
  return best;
}

function resolveUnknownTerm(model: UnderstandingModel, word: string): FuzzyResolution | null {
  if (word.length < 4 || model.outsideTerms.has(word) || word.startsWith(INSULT_TERM_PREFIX)) return null;
  const oneEdit = distanceOneCandidates(model, word);
  if (oneEdit.length > 0) return { term: mostFrequent(model, oneEdit), quality: MATCH_TUNING.typoQuality };

  // A longer inflection the stemmer did not strip ("prijavljujem" vs "prijav"), or a truncated word.
  const prefixes: string[] = [];
  for (let length = word.length - 1; length >= Math.max(5, Math.ceil(word.length / 2)); length--) {
    const prefix = word.slice(0, length);
    if (model.terms.has(prefix)) {
      prefixes.push(prefix);
      break;
    }
  }
  if (prefixes.length === 0 && word.length >= 5) {
    // The other way round: the citizen's word is a known term cut short of its ending ("aktueln").
    for (let extra = 1; extra <= 3 && prefixes.length === 0; extra++) {
      for (const term of model.termsByLength.get(word.length + extra) ?? []) {
        if (term.startsWith(word)) prefixes.push(term);
      }
    }
  }
  if (prefixes.length > 0)
    return { term: mostFrequent(model, prefixes), quality: MATCH_TUNING.prefixQuality };

  // A courtesy word is not two slips from a topic's word ("poštovani" is not "poslovni").
  if (word.length >= 7 && !COURTESY_TERMS.has(word)) {
    const twoEdits: string[] = [];
    for (let length = word.length - 2; length <= word.length + 2; length++) {
      for (const term of model.termsByLength.get(length) ?? []) {
        // Two slips, never in the first letter: a thumb starts a word deliberately, and without this
        // an English word the content does not know met a topic's ("elections"/"deletion").
        if (term[0] !== word[0]) continue;
        if (damerauLevenshtein(word, term, 2) <= 2) twoEdits.push(term);
      }
    }
    if (twoEdits.length > 0)
      return { term: mostFrequent(model, twoEdits), quality: MATCH_TUNING.doubleTypoQuality };
  }
  return null;
}

/** The content's term a query term stands for (itself, a typo of one, or a prefix), memoised per model. */
export function resolveTerm(model: UnderstandingModel, word: string): FuzzyResolution | null {
  if (model.terms.has(word)) return { term: word, quality: 1 };
  const cached = model.fuzzyCache.get(word);
  if (cached !== undefined) return cached;
  const resolved = resolveUnknownTerm(model, word);
  if (model.fuzzyCache.size >= FUZZY_CACHE_LIMIT) model.fuzzyCache.clear();
  model.fuzzyCache.set(word, resolved);
  return resolved;
}

/** A word mentioned once in a topic's examples is weaker evidence for it than one that recurs. */
function evidence(countInTopic: number): number {
  return Math.min(1, countInTopic / MATCH_TUNING.examplesForFullEvidence);
}

/**
 * Scores every topic for the text's terms. A topic's score blends
 * - coverage: the share of the query's weight that the topic's vocabulary explains (an unknown word
 *   explains nothing, so "koliko je sati" does not ride on one shared word), and
 * - the best cosine similarity between the query and one of the topic's example phrases.
 */
export function scoreTopics(
  queryTerms: readonly string[],
  model: UnderstandingModel,
  language: DetectedLanguage | null = null,
  unknownNames: ReadonlySet<string> = new Set(),
): TopicScores {
  const topicCount = model.topics.length;
  const coverage = new Float64Array(topicCount);
  const bestCosine = new Float64Array(topicCount);
  const exampleDot = new Map<number, number>();
  let totalWeight = 0;
  let queryNormSquared = 0;
  let matchedIdf = 0;
  let matchedWeight = 0;

  for (const word of new Set(queryTerms)) {
    if (unknownNames.has(word)) {
      // A place or a person: where or who, not what about; neither evidence nor much against.
      const nameWeight = model.unknownTermWeight * MATCH_TUNING.nameShareOfUnknown;
      totalWeight += nameWeight;
      queryNormSquared += nameWeight ** 2;
      continue;
    }
    const resolved = resolveTerm(model, word);
    const entry = resolved ? model.terms.get(resolved.term) : undefined;
    if (!resolved || !entry) {
      totalWeight += model.unknownTermWeight;
      queryNormSquared += model.unknownTermWeight ** 2;
      continue;
    }
    const otherLanguageOnly =
      (language === 'en' && !entry.inEnglish) ||
      (language !== null && language !== 'en' && !entry.inMontenegrin);
    const weight = entry.idf * resolved.quality * (otherLanguageOnly ? MATCH_TUNING.crossLanguageQuality : 1);
    totalWeight += entry.idf;
    queryNormSquared += entry.idf ** 2;
    matchedIdf += entry.idf;
    matchedWeight += weight;
    for (let topic = 0; topic < topicCount; topic++) {
      const count = entry.countByTopic[topic];
      if (count > 0) coverage[topic] += weight * evidence(count);
    }
    for (const example of entry.examples) {
      exampleDot.set(example, (exampleDot.get(example) ?? 0) + weight * entry.idf);
    }
  }

  if (totalWeight === 0 || matchedIdf === 0) {
    return { scores: model.topics.map((topic) => ({ topic: topic.id, score: 0 })), matchQuality: 0 };
  }
  const queryNorm = Math.sqrt(queryNormSquared);
  for (const [exampleIndex, dot] of exampleDot) {
    const example = model.examples[exampleIndex];
    const cosine = example.norm === 0 ? 0 : dot / (queryNorm * example.norm);
    if (cosine > bestCosine[example.topic]) bestCosine[example.topic] = cosine;
  }
  const share = MATCH_TUNING.coverageShare;
  return {
    scores: model.topics.map((topic, index) => ({
      topic: topic.id,
      score: share * (coverage[index] / totalWeight) + (1 - share) * bestCosine[index],
    })),
    matchQuality: matchedWeight / matchedIdf,
  };
}

/** The word matcher's view of a text: per topic (indexed like the model's topics), its score weighed by how
 * exactly the words matched, with the language it detected on the way. */
export interface WordMatch {
  scores: Float64Array;
  language: DetectedLanguage | null;
}

export function matchWords(
  text: string,
  model: UnderstandingModel,
  unknownNames: ReadonlySet<string> = new Set(),
  terms: readonly string[] = analyze(text),
): WordMatch {
  const language = detectLanguage(text, model.lexicon);
  const { scores, matchQuality } = scoreTopics(terms, model, language, unknownNames);
  // Evidence that rests on guessed words (typos, truncations, false friends) counts for less.
  return { scores: Float64Array.from(scores, (score) => score.score * matchQuality), language };
}
