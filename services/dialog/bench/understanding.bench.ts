import { performance } from 'node:perf_hooks';
import { loadSeedContent } from '#dialog/content';
import { buildUnderstandingModel, understand, UnderstandingModel } from '#dialog/understanding';
import { HELDOUT_SETS, LabelledSet, loadLabelledPhrases } from './labelled-phrases';
import { evaluateUnderstanding } from './understanding-evaluation';

/**
 * Benchmark of the understanding engine on each held-out set separately: accuracy per topic and overall,
 * the share of off-topic phrases wrongly answered with a service topic, and throughput on one core.
 * Prints figures only, never the individual failures (reading them would turn a held-out set into a
 * tuning set). Run: `npm run bench:understanding`.
 */

const THROUGHPUT_ROUNDS = 50;

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function reportAccuracy(set: LabelledSet, model: UnderstandingModel): void {
  const evaluation = evaluateUnderstanding(loadLabelledPhrases(set), model);
  console.log(`\n[${set}] ${evaluation.phrases} phrases; top-1 accuracy per topic:`);
  for (const topic of evaluation.perTopic) {
    console.log(
      `  ${topic.topic.padEnd(20)} ${String(topic.correct).padStart(3)}/${String(topic.phrases).padEnd(3)} ${percent(topic.correct / topic.phrases)}`,
    );
  }
  console.log(
    `[${set}] overall top-1 accuracy: ${percent(evaluation.accuracy)} (${evaluation.correct}/${evaluation.phrases})`,
  );
  console.log(
    `[${set}] off-topic answered with a service topic: ${percent(evaluation.offTopicPhrases === 0 ? 0 : evaluation.offTopicAnsweredAsService / evaluation.offTopicPhrases)} (${evaluation.offTopicAnsweredAsService}/${evaluation.offTopicPhrases})`,
  );
}

function reportThroughput(set: LabelledSet, content: ReturnType<typeof loadSeedContent>): number {
  const texts = loadLabelledPhrases(set).map((phrase) => phrase.text);
  // Fresh model, so the typo memo starts cold: the first round pays for every fuzzy lookup.
  const timedModel = buildUnderstandingModel(content);
  const start = performance.now();
  let checksum = 0;
  for (let round = 0; round < THROUGHPUT_ROUNDS; round++) {
    for (const text of texts) checksum += understand(text, timedModel).confidence;
  }
  const seconds = (performance.now() - start) / 1000;
  const calls = THROUGHPUT_ROUNDS * texts.length;
  const coldStart = performance.now();
  const coldModel = buildUnderstandingModel(content);
  for (const text of texts) checksum += understand(text, coldModel).confidence;
  const coldSeconds = (performance.now() - coldStart) / 1000;
  console.log(`[${set}] throughput (one core, ${calls} calls): ${Math.round(calls / seconds)} phrases/s`);
  console.log(
    `[${set}] throughput, cold typo memo (one pass incl. model build): ${Math.round(texts.length / coldSeconds)} phrases/s`,
  );
  return checksum;
}

function main(): void {
  const content = loadSeedContent();
  const buildStart = performance.now();
  const model = buildUnderstandingModel(content);
  const buildMs = performance.now() - buildStart;
  console.log(
    `understanding benchmark: content v${content.version}, ${model.topics.length} topics, ${model.examples.length} example phrases, ${model.terms.size} terms; model built in ${buildMs.toFixed(1)} ms`,
  );
  let checksum = 0;
  for (const set of HELDOUT_SETS) {
    reportAccuracy(set, model);
    checksum += reportThroughput(set, content);
  }
  if (Number.isNaN(checksum)) process.exitCode = 1;
}

main();
