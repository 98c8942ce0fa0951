import { analyze } from './analyze';
import { charNgrams, charNgramScores } from './char-ngrams';
import { softmaxScores } from './softmax-regression';
import { isCourtesy, openingThanks, withoutCourtesy } from './courtesy';
import { DetectedLanguage } from './detect-language';
import { matchWords, resolveTerm } from './match';
import { normalize } from './normalize';
import { placeNameTerms, properNameTerms } from './proper-names';
import { stem } from './stemmer';
import { UnderstandingModel } from './understanding-model';
import { spell, SpelledMessage } from './spelling';
import { hasRudeness, isOnlyRudeness } from './rudeness';

/**
 * The understanding: two models read the text and their scores are blended per topic; a third, the
 * softmax regression (softmax-regression.ts), may only withhold an answer the blend would give, when it
 * finds the message at least as likely to lie outside every topic.
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
  /**
   * 0..1: how likely the best topic (the one answered, or else the best candidate) is the right one,
   * calibrated on labelled phrases; a topic is answered from about 0.78.
   */
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
 * Set on the tuning phrases, the content's examples, the robustness harness and the dev parts of heldout-3,
 * heldout-4 and heldout-6 (never on a locked part).
 * A wrong answer is worse than an honest "I did not understand", so the bar is the lowest one the
 * benchmark sweeps (`npm run bench:understanding`) at which no off-topic phrase of the dev part or the
 * older held-out sets is answered, at most 5 % of the tuning set's (written to be close to the topics)
 * are, and the 5-fold cross-validation over the content's examples and outside phrases answers no more
 * outside phrases than at the former bar of 0.30: the last one keeps the choice honest on phrases that
 * no one tuned against.
 */
export const UNDERSTANDING_TUNING = {
  /** Share of the blended score from the word matcher (the rest from the n-gram classifier). */
  wordShare: 0.5,
  /** Minimum blended score (after the runner-up penalty) to answer with a topic. */
  acceptScore: 0.28,
  /**
   * How much lower the bar is when the word matcher and the n-gram classifier each put the same topic
   * first on their own: two readers that see the text differently (whole words against pieces of words)
   * agreeing is evidence that the blend alone does not carry. Off-topic text rarely makes them agree,
   * since the outside class and the unknown words pull each its own way.
   */
  agreementRelief: 0.04,
  /** …and only when the outside class stays below this share of the agreed topic's n-gram score. */
  agreementOutsideShare: 0.5,
  /** Score = winner × (1 − penalty × (runner-up / winner)²): a near tie lowers it, a far second hardly. */
  runnerUpPenalty: 0.6,
  /** A runner-up within this share of the winner is a tie: both are offered rather than one guessed. */
  tieShareOfBest: 0.9,
  /** Below acceptance, a topic whose blended score reaches this is worth offering as "did you mean". */
  offerScore: 0.22,
  /** A second topic is offered beside the first when it scores at least this share of the first. */
  offerShareOfBest: 0.7,
  maxOffers: 3,
  /**
   * The score as a probability that the best topic is the right one: a logistic fit on the tuning
   * phrases and heldout-3's dev part (P ≈ 0.13 at 0.1, 0.47 at 0.2, 0.78 at the bar of 0.28, 0.84 at 0.3, 0.97 at 0.4).
   */
  calibration: { slope: 17.6, intercept: -3.65 },
  /**
   * A question whether something is allowed ("da li djeca smiju na igralište?") asks about the rules,
   * not to report: the report topics weigh this share of their score on it (unless it says "prijaviti").
   * 0.85 to 0.65 measured alike in accuracy; from 0.75 one more such question of heldout-3 dev is
   * offered (health measures first) instead of answered as a gatherings report.
   */
  reportShareWhenAsking: 0.75,
  /** How much higher the bar is for a message with an insult or "sramota" in it (rudeness.ts). */
  rudenessBarRaise: 0.1,
  /**
   * The outside class wins when its n-gram score reaches this share of the best topic's. 0.9 (1 before)
   * since the independently written examples came in: they give the topics everyday nouns ("stan",
   * "djeca", "kafić"), so a topic must now stand clearly above what lies outside; cross-validation
   * outside phrases answered 21 → 18 of 269 at the same accuracy.
   */
  outsideShareOfBest: 0.9,
  /**
   * …and this share when the best topic is the directory and the message has a word the content does
   * not know: "the number of" anything in the world (a hotel, a pharmacy, the post office) looks like a
   * contacts question, so the directory must stand further from what lies outside the municipality.
   * ("radno vrijeme" alone, all known words, keeps the usual share.)
   */
  outsideShareOfDirectory: 0.8, // 0.9 before, lowered with outsideShareOfBest
  /**
   * Not answered when the softmax regression (softmax-regression.ts) finds the outside class at least
   * this share as likely as the best topic. Measured with every independent writer's phrases in (4,300
   * examples, 1,547 outside phrases): at 1, the 5-fold cross-validation answers 73 outside phrases
   * instead of 139 for 0.3 points of accuracy (raising the bar to 0.34 instead answers 100 for 1.5
   * points); 0.8 answers 64 for 0.6 points and loses 0.5 on heldout-3 dev; 1.5 answers 83.
   * It only withholds the answer: whether the message counts as outside for the clause rules below
   * stays the n-gram classifier's call (a veto there lost 3 % of long messages, whose story sentence
   * leans outside).
   */
  regressionOutsideShare: 1,
  /**
   * …and the other way round: the n-gram classifier's outside class does not win (outsideShareOfBest)
   * while the regression finds the outside class less than this share as likely as the topic. The
   * independent writers' outside phrases ask other bodies' hours ("kad radi pošta"), which brought
   * "kad radi opština" to the n-gram outside class; the regression, which weighs "opština" against
   * "pošta", does not follow. Measured with every writer's phrases in: at 0.2, heldout-4 dev +0.4 and
   * long messages +0.2 points against 0.1 (which already won 0.5 points on three parts against no such
   * condition) with the same 73 of 1,547 outside phrases answered in the cross-validation.
   */
  outsideNeedsRegressionShare: 0.2,
} as const;

interface Ranked {
  /** Topic indexes, best first. */
  order: number[];
  blended: Float64Array;
  /** The best blended score after the runner-up penalty (0 when the outside class wins). */
  score: number;
  /** The message is closer to the outside class than to its best topic. */
  outside: boolean;
  /** The softmax regression finds the outside class at least as likely as the best topic. */
  regressionOutside: boolean;
  /** The runner-up comes within `tieShareOfBest` of the winner: never answered, both offered. */
  tie: boolean;
  /** Both models, each on its own, put the best blended topic first. */
  agreed: boolean;
  language: DetectedLanguage | null;
}

/**
 * Names (proper-names.ts: capitalised words, the municipality's place names) the content does not know:
 * they say where or who, not what about.
 */
function unknownNamesOf(text: string, model: UnderstandingModel): Set<string> {
  const names = [...properNameTerms(text), ...placeNameTerms(text)];
  return new Set(names.filter((term) => !model.terms.has(term)));
}

/**
 * The message as the content spells it (spelling.ts), the n-gram reading without those names (unless
 * nothing else would be left).
 */
function spelled(text: string, model: UnderstandingModel, names: ReadonlySet<string>): SpelledMessage {
  if (names.size === 0) return spell(text, model);
  const withoutNames = spell(text, model, (word) => !names.has(stem(word)));
  return withoutNames.ngramText.length > 0 ? withoutNames : spell(text, model);
}

/**
 * Terms of the message that name something the content never speaks of: a word of the outside phrases
 * ("hotel", "marina", "taksi") or a word the content knows only in the other language ("pošte" meets
 * the English "post" of a lamp post). Unknown words in general do not count: a heavy typo of a stop
 * word ("kja", "whta") is unknown too, and counting those lost contacts questions written in haste.
 */
function foreignTerms(
  terms: readonly string[],
  names: ReadonlySet<string>,
  model: UnderstandingModel,
  language: DetectedLanguage | null,
  topic: number,
): number {
  let count = 0;
  for (const term of new Set(terms)) {
    if (names.has(term)) continue;
    const entry = model.terms.get(term);
    if (
      model.outsideTerms.has(term) ||
      (model.outsideLeaningTerms.has(term) && !(entry && entry.countByTopic[topic] > 0))
    ) {
      count++;
      continue;
    }
    // (A short word is as likely a slip of the citizen's own language: "town hal".)
    if (entry === undefined || language === null || term.length < 4) continue;
    if (language === 'en' ? !entry.inEnglish : !entry.inMontenegrin) count++;
  }
  return count;
}

/** Index of the largest of the first `count` values (the lowest index on a tie); -1 when all are 0. */
function argmax(values: ArrayLike<number>, count: number): number {
  let best = -1;
  for (let i = 0; i < count; i++) if (values[i] > 0 && (best < 0 || values[i] > values[best])) best = i;
  return best;
}

/** "Da li djeca smiju…?", "may children…": a question whether something is allowed, with no word of reporting. */
const RULE_QUESTION =
  /^(?:da li|dal|je li|jel|smije li|smiju li|smijem li|moze li|mogu li|may|can|is it|are)\b/u;
const REPORTING = /^(?:prijav|report)/u;
function asksARule(text: string, terms: readonly string[]): boolean {
  const normalized = normalize(text);
  return (
    (text.trim().endsWith('?') || RULE_QUESTION.test(normalized)) &&
    !terms.some((term) => REPORTING.test(term))
  );
}

/**
 * "Problem" and "broken" say that something is wrong, not what: in everyday writing they go with a
 * laptop, a car or a neighbour as readily as with a street light, and since only the report topic's
 * examples use them they weigh as its strongest words. A problem *with* something ("problem sa
 * laptopom", "trouble with my landlord") and something broken ("my phone is broken", "pokvario mi se
 * auto") are about that thing, so the message is read without the word of trouble as well: when what is
 * left is not the same topic, the trouble word alone does not make it one. A bare "problem", "kvar" or
 * "imam problem da prijavim" says nothing of what, and is read as it stands.
 */
const TROUBLE_WITH = /\b(?:problem\w*|issues?|troubles?|poteskoc\w*|nevolj\w*)\s+(?:sa|s|with|so)\b/gu;
const BROKEN = /\b(?:broken|broke|pokvar\w*)\b/gu;
const REPORTING_WORD = /\b(?:prijav\w*|report\w*)\b/gu;

/** The message without its words of trouble, when it names what the trouble is with; else null. */
function troubleObject(text: string): string | null {
  const normalized = normalize(text);
  const object = normalized.replace(TROUBLE_WITH, ' ').replace(BROKEN, ' ');
  if (object === normalized) return null;
  // Without "report" too: it is shared by both report topics, and "report a pipe" ties them.
  const thing = object.replace(REPORTING_WORD, ' ');
  return analyze(thing).length > 0 ? thing : null;
}

/**
 * When the message has one term (names aside): how many of the topic's examples have it (a typo read as
 * the word it stands for); null for a message of several terms or of a word the content does not know.
 */
function lonelyTermCount(
  terms: readonly string[],
  names: ReadonlySet<string>,
  model: UnderstandingModel,
  topic: number,
): number | null {
  const distinct = new Set(terms.filter((term) => !names.has(term)));
  if (distinct.size !== 1) return null;
  const [term] = distinct;
  const resolved = resolveTerm(model, term);
  // A word the content does not know was read by its pieces (an inflection, a heavy typo): no count.
  return resolved === null ? null : (model.terms.get(resolved.term)?.countByTopic[topic] ?? null);
}

/**
 * A message of one word (names aside) is that word's service only when more than one of the service's
 * examples has it: a word that a single example happens to use ("muzika", "policija", "parkiram",
 * which the independently written examples brought in as context) does not make the topic. Small talk
 * is exempt ("fala ti" answered as thanks harms no one).
 */
function incidental(text: string, topic: number, model: UnderstandingModel): boolean {
  if (!model.topics[topic].service) return false;
  const core = withoutCourtesy(text);
  const count = lonelyTermCount(analyze(core), unknownNamesOf(core, model), model, topic);
  return count !== null && count < 2;
}

function rank(text: string, model: UnderstandingModel, readObject = true): Ranked {
  const names = unknownNamesOf(text, model);
  const message = spelled(text, model, names);
  const words = matchWords(text, model, names, message.terms);
  const grams = charNgrams(message.ngramText);
  const pieces = charNgramScores(message.ngramText, model.charNgrams, grams);
  const probability = softmaxScores(message.ngramText, model.regression, grams);
  // The class after the topics: messages outside every topic.
  const outside = pieces[model.topics.length] ?? 0;
  const share = UNDERSTANDING_TUNING.wordShare;
  const asking = asksARule(text, message.terms);
  const blended = words.scores.map(
    (score, topic) =>
      (share * score + (1 - share) * pieces[topic]) *
      (asking && model.topics[topic].kind === 'report' ? UNDERSTANDING_TUNING.reportShareWhenAsking : 1),
  );
  const order = [...blended.keys()].sort((a, b) => blended[b] - blended[a] || a - b);
  const best = blended[order[0]] ?? 0;
  const second = blended[order[1]] ?? 0;
  // The runner-up only hurts in proportion to how close it comes: a generic word shared with another
  // topic ("radi", "opština") should not sink a clear winner, a near tie should.
  const closeness = best === 0 ? 0 : (second / best) ** 2;
  const tie = best > 0 && second >= UNDERSTANDING_TUNING.tieShareOfBest * best;
  const score = Math.max(0, Math.min(1, best * (1 - UNDERSTANDING_TUNING.runnerUpPenalty * closeness)));
  // Closer to what lies outside the municipality's topics than to the best topic: not a topic message.
  // A word the content does not know besides: the message may well name a body outside the directory.
  const namesSomethingElse = message.terms.some((term) => !model.terms.has(term));
  const outsideShare =
    model.topics[order[0]]?.kind === 'directory' && namesSomethingElse
      ? UNDERSTANDING_TUNING.outsideShareOfDirectory
      : UNDERSTANDING_TUNING.outsideShareOfBest;
  // The contacts of a body that is not ours ("broj telefona pošte", "kontakt marine") are no contacts
  // question we can answer: not answered (still offered), the clauses still read on their own.
  const directoryElsewhere =
    model.topics[order[0]]?.kind === 'directory' &&
    foreignTerms(message.terms, names, model, words.language, order[0]) > 0;
  const outsideProbability = probability[model.topics.length];
  const outsideWins =
    outside >= outsideShare * (pieces[order[0]] ?? 0) &&
    outside > 0 &&
    outsideProbability >= UNDERSTANDING_TUNING.outsideNeedsRegressionShare * (probability[order[0]] ?? 0);
  // (Not on the reading of what a trouble is with: "light" alone leans outside, "broken light" does not.)
  const regressionSaysOutside =
    readObject &&
    outsideProbability >= UNDERSTANDING_TUNING.regressionOutsideShare * (probability[order[0]] ?? 0);
  const topicCount = model.topics.length;
  const agreed =
    argmax(words.scores, topicCount) === order[0] &&
    argmax(pieces, topicCount) === order[0] &&
    outside < UNDERSTANDING_TUNING.agreementOutsideShare * (pieces[order[0]] ?? 0);
  // What the trouble is with must itself be the topic ("problem sa laptopom" is not a communal report).
  const object = readObject ? troubleObject(text) : null;
  const objectReading = object === null ? null : rank(object, model, false);
  const objectScore =
    objectReading === null
      ? score
      : objectReading.outside || topOf(objectReading) !== order[0]
        ? 0
        : Math.min(score, objectReading.score);
  return {
    order,
    blended,
    score: outsideWins || regressionSaysOutside || directoryElsewhere ? 0 : objectScore,
    tie,
    agreed,
    outside: outsideWins,
    regressionOutside: regressionSaysOutside,
    language: words.language,
  };
}

/** The topics worth offering when none was accepted: near the best, and good enough on their own. */
function offers(ranked: Ranked, model: UnderstandingModel): string[] {
  const { order, blended } = ranked;
  if (ranked.outside) return [];
  const best = blended[order[0]] ?? 0;
  if (best < UNDERSTANDING_TUNING.offerScore) return [];
  return order
    .filter((topic) => blended[topic] >= best * UNDERSTANDING_TUNING.offerShareOfBest)
    .slice(0, UNDERSTANDING_TUNING.maxOffers)
    .map((topic) => model.topics[topic].id);
}

/**
 * Sentences and clauses that may each ask something ("Porez mi je stigao. I kako da dobijem pomoć?"),
 * or wrap the question in a greeting or thanks ("Dobar dan, … Hvala unaprijed").
 */
const CLAUSE_BREAK = /([.!?;:\n]+|,\s*|\s+(?:i|a|ali|takodje|takođe|и|а|али)\s+)/iu;
/** In English "i" is the pronoun and "a" the article ("how do I open a bank account"): not breaks. */
const ENGLISH_CLAUSE_BREAK = /([.!?;:\n]+|,\s*|\s+(?:and|also|but)\s+)/iu;

/** Words that open a question, normalised ("šta", "што" → "sta", "sto"; "gdje" → "gde"). */
const QUESTION_OPENERS: ReadonlySet<string> = new Set([
  'kako',
  'gde',
  'sta',
  'sto',
  'koliko',
  'kada',
  'kad',
  'koji',
  'koja',
  'koje',
  'zasto',
  'ko',
  'da li',
  'dal',
  'jel',
  'je li',
  'moze li',
  'mogu li',
  'ima li',
  'how',
  'what',
  'where',
  'when',
  'why',
  'who',
  'which',
  'can',
  'could',
  'is',
  'are',
  'do',
  'does',
]);

interface Clause {
  text: string;
  /** Ends with "?" or opens with a question word: it asks something of its own. */
  question: boolean;
  /** Ends with "?" or "!": marked by the writer as what they ask or exclaim. */
  marked: boolean;
}

function clauses(text: string, language: DetectedLanguage | null): Clause[] {
  const pieces = text.split(language === 'en' ? ENGLISH_CLAUSE_BREAK : CLAUSE_BREAK);
  const parts: Clause[] = [];
  for (let i = 0; i < pieces.length; i += 2) {
    if (!/\p{L}{2}/u.test(pieces[i])) continue;
    const opening = normalize(pieces[i]).split(' ');
    const question =
      (pieces[i + 1] ?? '').includes('?') ||
      QUESTION_OPENERS.has(opening[0]) ||
      QUESTION_OPENERS.has(opening.slice(0, 2).join(' '));
    parts.push({ text: pieces[i], question, marked: /[?!]/u.test(pieces[i + 1] ?? '') });
  }
  return parts.length < 2 ? [] : parts;
}

const topOf = (ranked: Ranked) => ranked.order[0];

/** Clear enough to answer: no near tie, and the bar reached (a lower one when both models agree). */
function accepts(ranked: Ranked, acceptScore: number): boolean {
  const bar = ranked.agreed ? acceptScore - UNDERSTANDING_TUNING.agreementRelief : acceptScore;
  return !ranked.tie && ranked.score >= bar;
}

/**
 * A clause of one content word is read on its own ("Pišem u ime majke, ona ne zna da koristi telefon.
 * Porez?") unless another clause asks a question that is about no service: then the question is what
 * the message wants, and the word only an exclamation or a heading ("Pomoć! kako se pravi hljeb?").
 */
const MIN_CLAUSE_TERMS = 2;

/**
 * When both the n-gram classifier and the regression put the whole message outside every topic, a
 * clause must ask (a question word, "?" or "!") or have this many content words to be read as the
 * request. Measured: heldout-6 dev's one off-topic answer ("Poreska uprava, …PDV prijave") gone, the
 * cross-validation answers 66 outside phrases instead of 73, and writer J's 300 long messages (session 5,
 * not in the examples) stay at 87.0 %; the harness's long messages, a two-word tuning phrase between
 * story sentences, lose 2.7 points (any clause at all: J's long messages lost 0.7 points too).
 */
const MIN_CLAUSE_TERMS_OUTSIDE = 3;

/**
 * A long message is diluted by its context (names of streets, the story around the request), so each
 * clause is also read on its own: the message is about a service when the whole or one clause clearly
 * is. Small talk counts only for the whole message and only when no service is found: a greeting or
 * thanks around a question does not make the question small talk. A message closer to the outside
 * class than to any topic is still read clause by clause, but a lone word is never its request: a story
 * sentence ("…tražio ovo na internetu") may lean outside while the question after it is ours; the
 * whole answered nothing then (robustness long messages 92.5 → 94.3 % once the outside class grew).
 */
function readings(
  text: string,
  model: UnderstandingModel,
  acceptScore: number,
  rude: boolean,
): { whole: Ranked; core: Ranked | null; accepted: Ranked[]; oneWord: ReadonlySet<Ranked> } {
  const whole = rank(text, model);
  const isService = (ranked: Ranked) => model.topics[topOf(ranked)].service;
  // The message without the greeting before it and the thanks after it (courtesy.ts), when it had any.
  const core = withoutCourtesy(text);
  const coreReading = core === text ? null : rank(core, model);
  const isAccepted = (ranked: Ranked) => accepts(ranked, acceptScore);
  // The clauses of the message without its courtesy: "Poštovani," is no clause of a question.
  const read = clauses(core, whole.language)
    .filter((clause) => !isCourtesy(clause.text))
    .map((clause) => ({ ...clause, terms: analyze(clause.text).length }))
    .filter((clause) => clause.terms > 0)
    .map((clause) => ({ ...clause, ranked: rank(clause.text, model) }));
  // Another clause asks a question about no service. (Also counting a clause closer to the outside
  // class kept one more outside phrase of the cross-validation out but lost 4 % of long messages.)
  const otherQuestion = read.some(
    (clause) => clause.question && !(isService(clause.ranked) && isAccepted(clause.ranked)),
  );
  // Both readers put the whole message outside every topic ("Poreska uprava, radno vrijeme za predaju
  // PDV prijave"): a short fragment that asks nothing ("Poreska uprava,") does not make it ours.
  const wholeOutside = whole.outside && whole.regressionOutside;
  // A lone word that opens a message of several clauses is where the story starts ("Pitao sam
  // komšije, …"), not the request, unless the writer marked it ("Porez? …", "Pomoć! …").
  const clauseReadings = read
    .filter(
      (clause, index) =>
        (clause.terms >= MIN_CLAUSE_TERMS &&
          (!wholeOutside || clause.question || clause.marked || clause.terms >= MIN_CLAUSE_TERMS_OUTSIDE)) ||
        (!(otherQuestion || rude || whole.outside) && (index > 0 || clause.question || clause.marked)),
    )
    // Nor is a clause of one word that a single example of the service uses (see `incidental`).
    .filter((clause) => !incidental(clause.text, topOf(clause.ranked), model))
    .map((clause) => clause.ranked)
    .filter(isService);
  // A one-word clause may be the request itself, never a second one beside it ("…, dođite").
  const oneWord = new Set(
    read.filter((clause) => clause.terms < MIN_CLAUSE_TERMS).map((clause) => clause.ranked),
  );
  // The whole message when it is clearly about a service; else its clauses in the order written (the
  // main request usually comes first); small talk only when nothing else is there.
  const acceptedClauses = clauseReadings.filter(isAccepted);
  const wholeService = [coreReading, whole].filter(
    (ranked): ranked is Ranked =>
      ranked !== null && !ranked.outside && isAccepted(ranked) && isService(ranked),
  );
  const wholeSmallTalk = [whole].filter((ranked) => isAccepted(ranked) && !isService(ranked));
  // Two clauses that clearly ask two different services: the one written first is the main request,
  // whichever of them happens to weigh more in the whole message.
  const twoServices = new Set(acceptedClauses.map(topOf)).size >= 2;
  // The whole message read as a service that none of its clauses is about, while a clause clearly
  // asks one: the whole is a blend of its parts ("thanks for the answer" + "the e-mail of urbanism"
  // read as the operator), so the clause is the request.
  const clauseTopics = new Set(acceptedClauses.map(topOf));
  const wholeUnsupported =
    clauseTopics.size > 0 && wholeService.every((ranked) => !clauseTopics.has(topOf(ranked)));
  const accepted =
    twoServices || wholeUnsupported
      ? [...acceptedClauses, ...wholeService]
      : [...wholeService, ...acceptedClauses, ...wholeSmallTalk];
  return { whole, core: coreReading, accepted, oneWord };
}

/** The small-talk topic of the thanks that opens the message (courtesy.ts), if it is understood as one. */
function thanksTopic(text: string, model: UnderstandingModel, acceptScore: number): number | undefined {
  const thanks = openingThanks(text);
  if (thanks === null) return undefined;
  const ranked = rank(thanks, model);
  return accepts(ranked, acceptScore) && !model.topics[topOf(ranked)].service ? topOf(ranked) : undefined;
}

/** A score as the probability, rounded to 0.001, that its topic is right; 0 for no score at all. */
function calibrated(score: number): number {
  if (score <= 0) return 0;
  const { slope, intercept } = UNDERSTANDING_TUNING.calibration;
  return Math.round(1000 / (1 + Math.exp(-(slope * score + intercept)))) / 1000;
}

/**
 * What the citizen's free text is about, with a confidence; topic null and maybe topics to offer when unsure.
 * `acceptScore` is for calibration only (the benchmark sweeps it); the service uses the tuned bar.
 */
export function understand(
  text: string,
  model: UnderstandingModel,
  acceptScore: number = UNDERSTANDING_TUNING.acceptScore,
): Understanding {
  // Nothing but insults or a dismissal (rudeness.ts): no request to answer, nothing to offer.
  if (isOnlyRudeness(text)) {
    const whole = rank(text, model);
    return {
      topic: null,
      confidence: 0,
      language: whole.language,
      normalized: normalize(text),
      candidates: [],
      alsoTopic: null,
    };
  }
  // Anger in the message (an insult, "sramota"): a request in it must be clear to be answered; a rant
  // that only mentions money or tax is not asking for aid or the tax.
  // Nor is a lone word of a rant ("ništa ne radite") read on its own.
  const rude = hasRudeness(text);
  const bar = rude ? acceptScore + UNDERSTANDING_TUNING.rudenessBarRaise : acceptScore;
  const { whole, core, accepted, oneWord } = readings(text, model, bar, rude);
  const normalized = normalize(text);
  const primary =
    accepted[0] !== undefined && !incidental(text, topOf(accepted[0]), model) ? accepted[0] : undefined;
  if (!primary) {
    const confidence = calibrated(whole.score);
    return {
      topic: null,
      confidence,
      language: whole.language,
      normalized,
      // Offered from the message without its greeting and thanks: "did you mean: greeting?" helps no one
      // who asked something.
      candidates: offers(core !== null && !core.outside ? core : whole, model),
      alsoTopic: null,
    };
  }
  const topic = topOf(primary);
  // A second service asked in another clause ("…, a i koji je telefon socijalnog?").
  const alsoService = model.topics[topic].service
    ? accepted
        .filter((ranked) => !oneWord.has(ranked))
        .map(topOf)
        .find((other) => other !== topic && model.topics[other].service)
    : undefined;
  // Thanks for an earlier answer before a new question ("Hvala na odgovoru. Još mi treba…"): the
  // thanks is answered too, as the topic the thanks alone is understood as.
  const also = alsoService ?? (model.topics[topic].service ? thanksTopic(text, model, bar) : undefined);
  return {
    topic: model.topics[topic].id,
    confidence: calibrated(primary.score),
    language: whole.language,
    normalized,
    candidates: [],
    alsoTopic: also === undefined ? null : model.topics[also].id,
  };
}
