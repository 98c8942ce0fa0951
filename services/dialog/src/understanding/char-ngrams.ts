import { isNumberWord, words } from './normalize';
import { stem } from './stemmer';
import { isStopWord, isTimesAfterCount } from './stop-words';

/**
 * A character n-gram classifier over the normalised text. Words are cut into overlapping 3- to
 * 5-letter pieces with their boundaries marked ("_porez_" → "_po", "por", … "ez_"), so a typo, a
 * missing diacritic or another case ending changes only the few pieces that touch it, while most
 * of the word still matches the content's examples. That is what the word matcher cannot do with
 * Slavic inflection ("pomoći", "pomoću", "pomoc") without a stemmer rule for every ending.
 *
 * The word's stem (stemmer.ts) adds its own end pieces ("poreza", "porezom" → "rez_", "orez_" of
 * "porez"), so two inflections of a word share the pieces where their endings differ as well: the raw
 * form keeps what the stemmer gets wrong, the stem what a case ending hides.
 *
 * Each example phrase becomes a tf-idf vector of its pieces; a topic is scored by the cosine of the
 * query with the topic's centroid and with its nearest example. Pieces the content has never seen
 * still count in the query's length, so a phrase the examples cannot explain scores low everywhere:
 * that keeps off-topic messages unanswered instead of forcing them onto the closest topic.
 */

export interface CharNgramTopic {
  id: string;
}

/** Sparse rows in one block (compressed sparse rows): row r is ids/weights[offsets[r] .. offsets[r + 1]). */
export interface SparseRows {
  offsets: Int32Array;
  ids: Int32Array;
  weights: Float64Array;
}

export interface CharNgramModel {
  topicCount: number;
  exampleCount: number;
  /** Feature (piece) → index. */
  features: ReadonlyMap<string, number>;
  idf: Float64Array;
  /** Weight of a piece the content has never seen, for the query's length. */
  unseenWeight: number;
  /** Per feature: the examples that contain it, with the example vector's (unit-length) weight. */
  examplePostings: SparseRows;
  exampleTopic: Int32Array;
  /** Per feature: the topic centroids that contain it, with the centroid's (unit-length) weight. */
  centroidPostings: SparseRows;
}

export const CHAR_NGRAM_TUNING = {
  minN: 3,
  maxN: 5,
  /** Share of the score from the centroid (the rest from the nearest example). */
  centroidShare: 0.6,
  /** An unseen piece weighs like this multiple of the largest idf. */
  unseenShareOfMaxIdf: 1,
} as const;

function pieces(word: string, into: Map<string, number>): void {
  const padded = `_${word}_`;
  const { minN, maxN } = CHAR_NGRAM_TUNING;
  if (padded.length <= minN) {
    into.set(padded, (into.get(padded) ?? 0) + 1);
    return;
  }
  for (let n = minN; n <= maxN; n++) {
    for (let start = 0; start + n <= padded.length; start++) {
      const piece = padded.slice(start, start + n);
      into.set(piece, (into.get(piece) ?? 0) + 1);
    }
  }
}

/** The pieces at the end of a stem that differs from its word ("porez" of "poreza": "ez_" … "orez_"). */
function stemEndPieces(word: string, into: Map<string, number>): void {
  const stemmed = stem(word);
  if (stemmed === word) return;
  const padded = `_${stemmed}_`;
  const { minN, maxN } = CHAR_NGRAM_TUNING;
  for (let n = minN; n <= Math.min(maxN, padded.length); n++) {
    const piece = padded.slice(padded.length - n);
    into.set(piece, (into.get(piece) ?? 0) + 1);
  }
}

/**
 * The pieces of a text with their counts: normalised words (stop words and bare numbers left out) and
 * the end pieces of their stems.
 */
export function charNgrams(text: string): Map<string, number> {
  return piecesOfWords(contentWords(text));
}

/** The normalised words that give pieces: stop words and bare numbers left out. */
function contentWords(text: string): string[] {
  return words(text).filter(
    (word, index, all) => !isStopWord(word) && !isNumberWord(word) && !isTimesAfterCount(all, index),
  );
}

function piecesOfWords(contentWordList: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of contentWordList) {
    pieces(word, counts);
    stemEndPieces(word, counts);
  }
  return counts;
}

/** Sublinear term frequency: a piece repeated in one phrase is not that much stronger evidence. */
const tf = (count: number) => 1 + Math.log(count);

/** Scales a sparse vector (parallel arrays) to unit length, in place. */
function toUnitLength(weights: Float64Array): Float64Array {
  let sum = 0;
  for (const w of weights) sum += w * w;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < weights.length; i++) weights[i] /= norm;
  return weights;
}

interface SparseVector {
  ids: Int32Array;
  weights: Float64Array;
}

/** Transposes row vectors (examples or topics) into per-feature postings. */
function postingsByFeature(rows: readonly SparseVector[], featureCount: number): SparseRows {
  const offsets = new Int32Array(featureCount + 1);
  for (const row of rows) for (const f of row.ids) offsets[f + 1] += 1;
  for (let f = 0; f < featureCount; f++) offsets[f + 1] += offsets[f];
  const fill = offsets.slice(0, featureCount);
  const ids = new Int32Array(offsets[featureCount]);
  const weights = new Float64Array(offsets[featureCount]);
  rows.forEach((row, rowIndex) => {
    for (let i = 0; i < row.ids.length; i++) {
      const at = fill[row.ids[i]]++;
      ids[at] = rowIndex;
      weights[at] = row.weights[i];
    }
  });
  return { offsets, ids, weights };
}

/** Trains on the topics' phrases (examples and titles). Pure; milliseconds for a few thousand phrases. */
export function buildCharNgramModel(phrasesByTopic: ReadonlyArray<readonly string[]>): CharNgramModel {
  const features = new Map<string, number>();
  const documentFrequency: number[] = [];
  const counted: Array<{ topic: number; ids: Int32Array; counts: Int32Array }> = [];
  phrasesByTopic.forEach((phrases, topic) => {
    const seen = new Set<string>();
    for (const phrase of phrases) {
      // The same words in any order give the same pieces: such a phrase is counted once.
      const phraseWords = contentWords(phrase);
      const key = [...phraseWords].sort().join(' ');
      if (phraseWords.length === 0 || seen.has(key)) continue;
      seen.add(key);
      const grams = piecesOfWords(phraseWords);
      const ids = new Int32Array(grams.size);
      const counts = new Int32Array(grams.size);
      let i = 0;
      for (const [gram, count] of grams) {
        let index = features.get(gram);
        if (index === undefined) {
          index = features.size;
          features.set(gram, index);
          documentFrequency.push(0);
        }
        documentFrequency[index] += 1;
        ids[i] = index;
        counts[i++] = count;
      }
      counted.push({ topic, ids, counts });
    }
  });

  const exampleCount = counted.length;
  const idf = Float64Array.from(documentFrequency, (df) => Math.log((exampleCount + 1) / (df + 1)) + 1);
  const topicCount = phrasesByTopic.length;
  const exampleTopic = Int32Array.from(counted, ({ topic }) => topic);
  const examples: SparseVector[] = counted.map(({ ids, counts }) => ({
    ids,
    weights: toUnitLength(Float64Array.from(ids, (f, i) => tf(counts[i]) * idf[f])),
  }));

  const centroidSums = Array.from({ length: topicCount }, () => new Map<number, number>());
  examples.forEach(({ ids, weights }, example) => {
    const sum = centroidSums[exampleTopic[example]];
    for (let i = 0; i < ids.length; i++) sum.set(ids[i], (sum.get(ids[i]) ?? 0) + weights[i]);
  });
  const centroids: SparseVector[] = centroidSums.map((sum) => ({
    ids: Int32Array.from(sum.keys()),
    weights: toUnitLength(Float64Array.from(sum.values())),
  }));

  const maxIdf = idf.reduce((max, value) => Math.max(max, value), 0);
  return {
    topicCount,
    exampleCount,
    features,
    idf,
    unseenWeight: maxIdf * CHAR_NGRAM_TUNING.unseenShareOfMaxIdf,
    examplePostings: postingsByFeature(examples, features.size),
    exampleTopic,
    centroidPostings: postingsByFeature(centroids, features.size),
  };
}

/** Per topic (indexed like the training topics): 0..1 similarity of the text to the topic's phrases. */
export function charNgramScores(
  text: string,
  model: CharNgramModel,
  grams: ReadonlyMap<string, number> = charNgrams(text),
): Float64Array {
  const scores = new Float64Array(model.topicCount);
  if (grams.size === 0) return scores;
  let normSquared = 0;
  const knownIds: number[] = [];
  const knownWeights: number[] = [];
  for (const [gram, count] of grams) {
    const index = model.features.get(gram);
    const weight = tf(count) * (index === undefined ? model.unseenWeight : model.idf[index]);
    normSquared += weight * weight;
    if (index === undefined) continue;
    knownIds.push(index);
    knownWeights.push(weight);
  }
  const norm = Math.sqrt(normSquared);
  const centroid = new Float64Array(model.topicCount);
  const exampleDot = new Float64Array(model.exampleCount);
  const { examplePostings: ex, centroidPostings: ce } = model;
  for (let k = 0; k < knownIds.length; k++) {
    const f = knownIds[k];
    const q = knownWeights[k] / norm;
    for (let i = ce.offsets[f]; i < ce.offsets[f + 1]; i++) centroid[ce.ids[i]] += q * ce.weights[i];
    for (let i = ex.offsets[f]; i < ex.offsets[f + 1]; i++) exampleDot[ex.ids[i]] += q * ex.weights[i];
  }
  const nearest = new Float64Array(model.topicCount);
  for (let example = 0; example < model.exampleCount; example++) {
    const topic = model.exampleTopic[example];
    if (exampleDot[example] > nearest[topic]) nearest[topic] = exampleDot[example];
  }
  const share = CHAR_NGRAM_TUNING.centroidShare;
  for (let topic = 0; topic < model.topicCount; topic++)
    scores[topic] = share * centroid[topic] + (1 - share) * nearest[topic];
  return scores;
}
