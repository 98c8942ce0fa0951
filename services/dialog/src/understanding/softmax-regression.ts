import { analyze } from './analyze';
import { charNgrams } from './char-ngrams';

/**
 * A third reader: multinomial logistic (softmax) regression over the same word pieces as the n-gram
 * classifier plus the stemmed terms, one class per topic and one for the outside phrases.
 *
 * The other two readers measure likeness: a word is as strong as it is rare (idf), whatever else the
 * message says. Regression learns weights from the examples *against each other*, so a word that both
 * the examples of a topic and the outside phrases use ("stan", "party", "porez" beside "PDV") ends up
 * weak, and a word that only one topic uses ends up strong, whether or not it is rare. Its probability
 * for the outside class is an estimate of "none of our business" learnt from every outside phrase at
 * once, which a nearest-neighbour score cannot give.
 *
 * Trained by plain stochastic gradient descent with a fixed seed (the same content always gives the
 * same model), a few hundred milliseconds for a few thousand phrases; inference is a sparse dot product.
 */

export interface SoftmaxRegression {
  classCount: number;
  features: ReadonlyMap<string, number>;
  /** Feature-major weights: the weights of feature f are weights[f * classCount .. (f + 1) * classCount). */
  weights: Float64Array;
  bias: Float64Array;
}

export const SOFTMAX_TUNING = {
  epochs: 8,
  learningRate: 0.5,
  /** L2 decay per update: keeps a word seen in one example from dominating. */
  l2: 1e-5,
  seed: 20201,
} as const;

const SKIPPED_GRADIENT = 1e-4;

interface FeatureVector {
  ids: number[];
  values: number[];
}

/**
 * Pieces and terms of a text with sublinear counts, scaled to unit length over all of them; `idOf` gives
 * a feature's index, or undefined for one the model does not know (left out, but counted in the length).
 */
function featuresOf(
  text: string,
  idOf: (feature: string) => number | undefined,
  pieces: ReadonlyMap<string, number> = charNgrams(text),
): FeatureVector {
  const termCounts = new Map<string, number>();
  for (const term of analyze(text)) termCounts.set(`w:${term}`, (termCounts.get(`w:${term}`) ?? 0) + 1);
  const ids: number[] = [];
  const values: number[] = [];
  let normSquared = 0;
  const add = (count: number, feature: string) => {
    const value = 1 + Math.log(count);
    // Unseen features still count in the length: a message the content cannot explain scores low.
    normSquared += value * value;
    const id = idOf(feature);
    if (id === undefined) return;
    ids.push(id);
    values.push(value);
  };
  pieces.forEach(add);
  termCounts.forEach(add);
  const norm = Math.sqrt(normSquared) || 1;
  return { ids, values: values.map((value) => value / norm) };
}

/** Class probabilities (summing to 1) for one feature vector, into `out`. */
function probabilities(model: SoftmaxRegression, vector: FeatureVector, out: Float64Array): Float64Array {
  const { classCount, weights, bias } = model;
  out.set(bias);
  for (let i = 0; i < vector.ids.length; i++) {
    const offset = vector.ids[i] * classCount;
    const value = vector.values[i];
    for (let k = 0; k < classCount; k++) out[k] += weights[offset + k] * value;
  }
  let max = -Infinity;
  for (let k = 0; k < classCount; k++) max = Math.max(max, out[k]);
  let sum = 0;
  for (let k = 0; k < classCount; k++) {
    out[k] = Math.exp(out[k] - max);
    sum += out[k];
  }
  for (let k = 0; k < classCount; k++) out[k] /= sum;
  return out;
}

/** Park–Miller: a seeded shuffle, so that one content version always trains to one model. */
function seededRandom(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

/** Trains on phrases per class (the index is the class). Pure and deterministic. */
export function buildSoftmaxRegression(phrasesByClass: ReadonlyArray<readonly string[]>): SoftmaxRegression {
  const features = new Map<string, number>();
  const addFeature = (feature: string) => {
    if (!features.has(feature)) features.set(feature, features.size);
    return features.get(feature);
  };
  const samples: Array<{ vector: FeatureVector; label: number }> = [];
  phrasesByClass.forEach((phrases, label) => {
    for (const phrase of phrases) {
      const vector = featuresOf(phrase, addFeature);
      if (vector.ids.length > 0) samples.push({ vector, label });
    }
  });
  const classCount = phrasesByClass.length;
  const model: SoftmaxRegression = {
    classCount,
    features,
    weights: new Float64Array(features.size * classCount),
    bias: new Float64Array(classCount),
  };
  const { epochs, learningRate, l2, seed } = SOFTMAX_TUNING;
  const random = seededRandom(seed);
  const order = samples.map((_, index) => index);
  const predicted = new Float64Array(classCount);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const index of order) {
      const { vector, label } = samples[index];
      probabilities(model, vector, predicted);
      for (let k = 0; k < classCount; k++) {
        const gradient = predicted[k] - (k === label ? 1 : 0);
        // Once a phrase is learnt most classes get a vanishing gradient: skipping them (and their tiny
        // decay) makes training several times faster and changes no prediction measurably.
        if (Math.abs(gradient) < SKIPPED_GRADIENT) continue;
        model.bias[k] -= learningRate * gradient;
        for (let i = 0; i < vector.ids.length; i++) {
          const at = vector.ids[i] * classCount + k;
          model.weights[at] -= learningRate * (gradient * vector.values[i] + l2 * model.weights[at]);
        }
      }
    }
  }
  return model;
}

/**
 * Per class (indexed like the training classes): the probability that the text belongs to it. `pieces`
 * are the text's charNgrams() when the caller has them already.
 */
export function softmaxScores(
  text: string,
  model: SoftmaxRegression,
  pieces?: ReadonlyMap<string, number>,
): Float64Array {
  const vector = featuresOf(text, (feature) => model.features.get(feature), pieces);
  return probabilities(model, vector, new Float64Array(model.classCount));
}
