import { Content, isServiceKind, TopicKind } from '../content/content.types';
import { buildCharNgramModel, CharNgramModel } from './char-ngrams';
import { LanguageLexicon } from './detect-language';
import { buildSoftmaxRegression, SoftmaxRegression } from './softmax-regression';
import { analyze } from './analyze';
import { isNumberWord, words } from './normalize';
import { stem } from './stemmer';
import { isStopWord } from './stop-words';
import outsideTopics from './data/outside-topics.json';

/**
 * The precomputed index the matcher runs against, built once per content version: the example phrases
 * of every topic (all languages together, since they normalise to one alphabet) as weighted term sets,
 * an inverted index from term to example, per-topic term counts, and a deletion index for typo lookup.
 */

export interface ModelTopic {
  id: string;
  kind: TopicKind;
  /** False for small talk: such a topic may answer an off-topic phrase, a service topic must not. */
  service: boolean;
  exampleCount: number;
}

export interface ModelExample {
  topic: number;
  terms: readonly string[];
  /** Euclidean norm of the example's idf-weighted term vector. */
  norm: number;
}

export interface ModelTerm {
  /** Inverse topic frequency: how strongly the term tells one topic from the others. */
  idf: number;
  /** How many examples of each topic contain the term (indexed like `topics`). */
  countByTopic: Uint16Array;
  /** Examples containing the term. */
  examples: readonly number[];
  /** Which languages' examples the term comes from: "post" (English) is not "pošta" (Montenegrin). */
  inMontenegrin: boolean;
  inEnglish: boolean;
}

export interface UnderstandingModel {
  contentVersion: number;
  topics: readonly ModelTopic[];
  examples: readonly ModelExample[];
  terms: ReadonlyMap<string, ModelTerm>;
  /** Every term reachable by deleting one letter, mapped to the terms it came from (typo lookup). */
  deletions: ReadonlyMap<string, readonly string[]>;
  /** Terms by length, for the slower distance-2 lookup on long words. */
  termsByLength: ReadonlyMap<number, readonly string[]>;
  /** Normalised words that occur only in one language's examples, for language detection. */
  lexicon: LanguageLexicon;
  /** Weight given to a query word the content has never seen: unexplained words lower the confidence. */
  unknownTermWeight: number;
  /**
   * The character n-gram classifier, trained on the same examples and the topics' titles, plus one
   * more class after the topics: messages outside every topic (data/outside-topics.json).
   */
  charNgrams: CharNgramModel;
  /** The softmax regression over the same classes (softmax-regression.ts). */
  regression: SoftmaxRegression;
  /** Each term's commonest written (normalised) form in the examples: how a typo is spelled back (spelling.ts). */
  writtenForms: ReadonlyMap<string, string>;
  /**
   * Terms of the outside phrases that no topic has ("weather", "restoran"): known not to be about the
   * topics, so never taken for a typo of a topic's term ("weather" is one letter from "gather").
   */
  outsideTerms: ReadonlySet<string>;
  /**
   * Terms in at least as many outside phrases as topic examples, whether or not a topic has them: a
   * contacts question with one that the directory's examples never use asks for a body that is not ours.
   */
  outsideLeaningTerms: ReadonlySet<string>;
  /** Memo of typo lookups; bounded, private to this model. */
  fuzzyCache: Map<string, FuzzyResolution | null>;
}

export interface FuzzyResolution {
  term: string;
  /** 1 for an exact match, lower for a typo or a partial (prefix) match. */
  quality: number;
}

/**
 * An unseen word weighs more than the most telling known word: it may well carry the meaning, and a
 * phrase the content cannot explain must not be answered on the strength of one familiar word.
 */
const UNKNOWN_TERM_SHARE_OF_MAX_IDF = 1.6;

/**
 * What citizens of a tourist town also write to a municipality's bot that is none of its business:
 * weather, beaches and restaurants, buses and taxis, banks and shops, other institutions, jobs, jokes.
 * Written for this purpose (not taken from any labelled set); the n-gram classifier learns them as one
 * class, so a message closer to them than to any topic stays unanswered however familiar a word in it.
 */
export const OUTSIDE_PHRASES: readonly string[] = Object.values(outsideTopics).flat();

/** BM25's idf over topics (not examples), so a word found in one topic only is the strongest evidence. */
function inverseTopicFrequency(topicCount: number, topicsWithTerm: number): number {
  return Math.log((topicCount - topicsWithTerm + 0.5) / (topicsWithTerm + 0.5) + 1);
}

export function singleDeletions(term: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < term.length; i++) out.push(term.slice(0, i) + term.slice(i + 1));
  return out;
}

function buildLexicon(content: Content): LanguageLexicon {
  const cnr = new Set<string>();
  const en = new Set<string>();
  for (const topic of content.topics) {
    for (const phrase of topic.examples['cnr-Latn']) words(phrase).forEach((word) => cnr.add(word));
    for (const phrase of topic.examples.en) words(phrase).forEach((word) => en.add(word));
  }
  // A word in both languages' examples (e.g. "budva", "covid") says nothing about the language.
  const both = [...cnr].filter((word) => en.has(word));
  for (const word of both) {
    cnr.delete(word);
    en.delete(word);
  }
  return { cnr, en };
}

function writtenForms(content: Content): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const topic of content.topics)
    for (const phrase of [...topic.examples['cnr-Latn'], ...topic.examples.en])
      for (const word of words(phrase)) {
        if (isStopWord(word) || isNumberWord(word)) continue;
        const term = stem(word);
        const forms = counts.get(term) ?? new Map<string, number>();
        forms.set(word, (forms.get(word) ?? 0) + 1);
        counts.set(term, forms);
      }
  const out = new Map<string, string>();
  for (const [term, forms] of counts) {
    let best = '';
    let bestCount = 0;
    for (const [form, count] of forms)
      if (count > bestCount || (count === bestCount && form < best)) [best, bestCount] = [form, count];
    out.set(term, best);
  }
  return out;
}

/**
 * Terms found in at least as many outside phrases as topic examples ("hotel", "pošta", "banka"): more
 * typical of what lies outside the municipality than of its topics, even when some example has them.
 */
function outsideLeaningTermsOf(
  outsidePhrases: readonly string[],
  exampleTerms: readonly { terms: readonly string[] }[],
): Set<string> {
  const inOutside = new Map<string, number>();
  for (const phrase of outsidePhrases)
    for (const term of new Set(analyze(phrase))) inOutside.set(term, (inOutside.get(term) ?? 0) + 1);
  const inExamples = new Map<string, number>();
  for (const example of exampleTerms)
    for (const term of example.terms) inExamples.set(term, (inExamples.get(term) ?? 0) + 1);
  return new Set(
    [...inOutside].filter(([term, count]) => count >= (inExamples.get(term) ?? 0)).map(([term]) => term),
  );
}

/**
 * Builds the matching index for one content version. Pure; call once per version and reuse.
 * `outsidePhrases` is for cross-validation only (the benchmark holds some of them out).
 */
export function buildUnderstandingModel(
  content: Content,
  outsidePhrases: readonly string[] = OUTSIDE_PHRASES,
): UnderstandingModel {
  const topics: ModelTopic[] = content.topics.map((topic) => ({
    id: topic.id,
    kind: topic.kind,
    service: isServiceKind(topic.kind),
    exampleCount: 0,
  }));

  const exampleTerms: { topic: number; terms: string[]; english: boolean }[] = [];
  content.topics.forEach((topic, topicIndex) => {
    // Cyrillic examples are transliterations of the Latin ones and normalise to the same terms.
    const phrases = [
      ...[...topic.examples['cnr-Latn'], ...topic.examples['cnr-Cyrl']].map((text) => ({
        text,
        english: false,
      })),
      ...topic.examples.en.map((text) => ({ text, english: true })),
    ];
    const seen = new Set<string>();
    for (const phrase of phrases) {
      const terms = [...new Set(analyze(phrase.text))];
      const key = `${phrase.english ? 'en' : 'cnr'}:${[...terms].sort().join(' ')}`;
      if (terms.length === 0 || seen.has(key)) continue;
      seen.add(key);
      exampleTerms.push({ topic: topicIndex, terms, english: phrase.english });
      topics[topicIndex].exampleCount += 1;
    }
  });

  const countByTerm = new Map<string, Uint16Array>();
  const examplesByTerm = new Map<string, number[]>();
  const montenegrinTerms = new Set<string>();
  const englishTerms = new Set<string>();
  exampleTerms.forEach(({ topic, terms, english }, exampleIndex) => {
    for (const term of terms) {
      (english ? englishTerms : montenegrinTerms).add(term);
      let counts = countByTerm.get(term);
      if (!counts) {
        counts = new Uint16Array(topics.length);
        countByTerm.set(term, counts);
        examplesByTerm.set(term, []);
      }
      counts[topic] += 1;
      examplesByTerm.get(term)?.push(exampleIndex);
    }
  });

  const terms = new Map<string, ModelTerm>();
  for (const [term, counts] of countByTerm) {
    const topicsWithTerm = counts.reduce((n, count) => n + (count > 0 ? 1 : 0), 0);
    terms.set(term, {
      idf: inverseTopicFrequency(topics.length, topicsWithTerm),
      countByTopic: counts,
      examples: examplesByTerm.get(term) ?? [],
      inMontenegrin: montenegrinTerms.has(term),
      inEnglish: englishTerms.has(term),
    });
  }

  const examples: ModelExample[] = exampleTerms.map(({ topic, terms: exampleTermList }) => ({
    topic,
    terms: exampleTermList,
    norm: Math.sqrt(exampleTermList.reduce((sum, term) => sum + (terms.get(term)?.idf ?? 0) ** 2, 0)),
  }));

  const deletions = new Map<string, string[]>();
  const termsByLength = new Map<number, string[]>();
  for (const term of terms.keys()) {
    const sameLength = termsByLength.get(term.length) ?? [];
    sameLength.push(term);
    termsByLength.set(term.length, sameLength);
    for (const deletion of singleDeletions(term)) {
      const origins = deletions.get(deletion) ?? [];
      origins.push(term);
      deletions.set(deletion, origins);
    }
  }

  const maxIdf = Math.max(...[...terms.values()].map((term) => term.idf));
  // What the two learnt readers are trained on: each topic's examples and titles, then the outside
  // phrases as one more class. Cyrillic examples are transliterations of the Latin ones: they normalise
  // to the same pieces.
  const phrasesByClass = [
    ...content.topics.map((topic) => [
      ...topic.examples['cnr-Latn'],
      ...topic.examples.en,
      topic.title['cnr-Latn'],
      topic.title.en,
    ]),
    outsidePhrases,
  ];
  return {
    contentVersion: content.version,
    topics,
    examples,
    terms,
    deletions,
    termsByLength,
    lexicon: buildLexicon(content),
    unknownTermWeight: maxIdf * UNKNOWN_TERM_SHARE_OF_MAX_IDF,
    charNgrams: buildCharNgramModel(phrasesByClass),
    regression: buildSoftmaxRegression(phrasesByClass),
    writtenForms: writtenForms(content),
    outsideTerms: new Set(outsidePhrases.flatMap(analyze).filter((term) => !terms.has(term))),
    outsideLeaningTerms: outsideLeaningTermsOf(outsidePhrases, exampleTerms),
    fuzzyCache: new Map(),
  };
}
