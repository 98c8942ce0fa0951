import { performance } from 'node:perf_hooks';
import { Content, loadSeedContent } from '#dialog/content';
import { buildUnderstandingModel, understand, UnderstandingModel } from '#dialog/understanding';
import {
  hasLabelledPhrases,
  LabelledPhrase,
  LabelledSetPart,
  loadLabelledPhrases,
  partName,
  requestedParts,
} from './labelled-phrases';
import { crossValidate, ThresholdPoint } from './cross-validation';
import { evaluateUnderstanding, UnderstandingEvaluation } from './understanding-evaluation';
import { perturbedSets } from './robustness';

/**
 * Benchmark of the understanding on every labelled set, part by part: top-1 accuracy overall and per
 * topic, off-topic phrases answered with a service, which topic was taken for which (counts), the
 * "did you mean" offers, and throughput on one core. Prints figures only. The phrases that failed are
 * printed only on request (`--mistakes=<set.part>`) and only for a readable part (tuning, a dev part):
 * reading a locked part's failures would turn it into a tuning set.
 * Run: `npm run bench:understanding [-- --mistakes=heldout-3.dev] [--sets=heldout-3.dev,tuning] [--dev-only]`.
 * `--sets` runs only the named parts (comma-separated, as printed), `--dev-only` every part but the locked
 * ones: while tuning, leave a locked part out, so that it is run once, at the end, and not peeked at after
 * each change. A part whose file is not in the checkout is reported as such.
 */

const THROUGHPUT_ROUNDS = 20;
const CROSS_VALIDATION_FOLDS = 5;
/** Answer thresholds swept for calibration (the tuned one among them), on every part but a locked one. */
const SWEPT_ACCEPT_SCORES = [0.22, 0.24, 0.26, 0.28, 0.3, 0.32, 0.34];

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const ratio = (part: number, whole: number) =>
  `${percent(whole === 0 ? 0 : part / whole)} (${part}/${whole})`;

function printEvaluation(name: string, evaluation: UnderstandingEvaluation): void {
  console.log(`\n[${name}] ${evaluation.phrases} phrases`);
  console.log(`[${name}] top-1 accuracy: ${ratio(evaluation.correct, evaluation.phrases)}`);
  console.log(
    `[${name}] off-topic answered with a service topic: ${ratio(evaluation.offTopicAnsweredAsService, evaluation.offTopicPhrases)}`,
  );
  console.log(
    `[${name}] "did you mean" offered the right topic for ${evaluation.offeredRight} not-answered phrases; offered a service for ${evaluation.offTopicOffered} off-topic phrases`,
  );
  if (evaluation.secondTopicPhrases > 0)
    console.log(
      `[${name}] two-topic messages with both topics answered or offered: ${ratio(evaluation.secondTopicNamed, evaluation.secondTopicPhrases)}; a second topic offered on a one-topic message: ${evaluation.secondTopicSpurious}`,
    );
  if (evaluation.perScript.length > 0)
    console.log(
      `[${name}] per script: ${evaluation.perScript.map((s) => `${s.topic} ${ratio(s.correct, s.phrases)}`).join(', ')}`,
    );
  console.log(`[${name}] per topic:`);
  for (const topic of evaluation.perTopic) {
    console.log(
      `  ${topic.topic.padEnd(20)} ${String(topic.correct).padStart(3)}/${String(topic.phrases).padEnd(3)} ${percent(topic.correct / topic.phrases)}`,
    );
  }
  console.log(`[${name}] confusion (expected → got: count):`);
  if (evaluation.confusion.length === 0) console.log('  none');
  for (const { expected, got, count } of evaluation.confusion)
    console.log(`  ${expected} → ${got}: ${count}`);
}

function printSweep(name: string, points: readonly ThresholdPoint[]): void {
  const cells = points.map(
    (point) =>
      `${point.acceptScore.toFixed(2)} ${percent(point.correct / point.phrases)} ${point.offTopicAnsweredAsService}/${point.offTopicPhrases}`,
  );
  console.log(`[${name}] answer threshold → accuracy, off-topic answered: ${cells.join(' · ')}`);
}

function sweep(phrases: readonly LabelledPhrase[], model: UnderstandingModel): ThresholdPoint[] {
  return SWEPT_ACCEPT_SCORES.map((acceptScore) => {
    const evaluation = evaluateUnderstanding(phrases, model, acceptScore);
    return { acceptScore, ...evaluation };
  });
}

function printMistakes(part: LabelledSetPart, evaluation: UnderstandingEvaluation): void {
  console.log(`\n[${partName(part)}] mistakes:`);
  for (const mistake of evaluation.mistakes)
    console.log(
      `  ${mistake.expected ?? '(off-topic)'} → ${mistake.got ?? '(not understood)'} (${mistake.confidence}): ${mistake.text}`,
    );
}

/** Phrases a second on one core, with the typo memo warm; and one cold pass including the model build. */
function printThroughput(texts: readonly string[], content: Content): number {
  const model = buildUnderstandingModel(content);
  let checksum = 0;
  const start = performance.now();
  for (let round = 0; round < THROUGHPUT_ROUNDS; round++)
    for (const text of texts) checksum += understand(text, model).confidence;
  const seconds = (performance.now() - start) / 1000;
  const coldStart = performance.now();
  const coldModel = buildUnderstandingModel(content);
  for (const text of texts) checksum += understand(text, coldModel).confidence;
  const coldSeconds = (performance.now() - coldStart) / 1000;
  const calls = THROUGHPUT_ROUNDS * texts.length;
  console.log(`\nthroughput (one core, ${calls} calls): ${Math.round(calls / seconds)} phrases/s`);
  console.log(
    `throughput, cold typo memo (one pass of ${texts.length} incl. model build): ${Math.round(texts.length / coldSeconds)} phrases/s`,
  );
  return checksum;
}

/**
 * The tuning phrases rewritten as citizens write (robustness.ts): accuracy and off-topic answers per
 * way of writing. Failures are printed with `--mistakes=robustness.<name>` (they are tuning phrases).
 */
function printRobustness(model: UnderstandingModel, mistakesOf: string | null): void {
  const tuning = { set: 'tuning', part: null };
  if (!hasLabelledPhrases(tuning)) return;
  console.log('\n[robustness] the tuning phrases rewritten as citizens write them (robustness.ts)');
  for (const { name, phrases } of perturbedSets(loadLabelledPhrases(tuning), model.lexicon)) {
    const evaluation = evaluateUnderstanding(phrases, model);
    console.log(
      `[robustness] ${name.padEnd(22)} ${ratio(evaluation.correct, evaluation.phrases).padEnd(18)} off-topic answered ${evaluation.offTopicAnsweredAsService}/${evaluation.offTopicPhrases}`,
    );
    if (mistakesOf === `robustness.${name}`)
      for (const mistake of evaluation.mistakes)
        console.log(
          `  ${mistake.expected ?? '(off-topic)'} → ${mistake.got ?? '(not understood)'} (${mistake.confidence}): ${mistake.text}`,
        );
  }
}

function requestedMistakes(): string | null {
  const flag = process.argv.find((arg) => arg.startsWith('--mistakes='));
  return flag ? flag.slice('--mistakes='.length) : null;
}

function main(): void {
  const content = loadSeedContent();
  const buildStart = performance.now();
  const model: UnderstandingModel = buildUnderstandingModel(content);
  const buildMs = performance.now() - buildStart;
  // Once more, warm, as on a publish: the cold figure includes loading and compiling the code.
  const rebuildStart = performance.now();
  buildUnderstandingModel(content);
  const rebuildMs = performance.now() - rebuildStart;
  console.log(
    `understanding benchmark: content v${content.version}, ${model.topics.length} topics, ${model.examples.length} example phrases, ${model.terms.size} terms, ${model.charNgrams.features.size} n-grams; model built in ${buildMs.toFixed(1)} ms (${rebuildMs.toFixed(1)} ms warm, as on a publish)`,
  );
  const mistakesOf = requestedMistakes();
  const allTexts: string[] = [];
  for (const part of requestedParts(process.argv)) {
    if (!hasLabelledPhrases(part)) {
      console.log(`\n[${partName(part)}] not in this checkout`);
      continue;
    }
    const phrases = loadLabelledPhrases(part);
    allTexts.push(...phrases.map((phrase) => phrase.text));
    const evaluation = evaluateUnderstanding(phrases, model);
    printEvaluation(partName(part), evaluation);
    // A locked part gives its figures at the tuned threshold only: a sweep would invite choosing on it.
    if (part.part !== 'locked') printSweep(partName(part), sweep(phrases, model));
    if (mistakesOf === partName(part)) {
      if (part.readable) printMistakes(part, evaluation);
      else console.log(`\n[${partName(part)}] is locked: its mistakes are never printed`);
    }
  }
  printRobustness(model, mistakesOf);
  const folds = `examples, ${CROSS_VALIDATION_FOLDS}-fold cross-validation`;
  console.log(`\n[${folds}] the content's examples and outside phrases, each fold held out in turn`);
  printSweep(folds, crossValidate(content, CROSS_VALIDATION_FOLDS, SWEPT_ACCEPT_SCORES));
  if (Number.isNaN(printThroughput(allTexts, content))) process.exitCode = 1;
}

main();
