import { loadSeedContent } from '#dialog/content';
import { buildUnderstandingModel, normalize } from '#dialog/understanding';
import { LabelledSetPart, loadLabelledPhrases, partName } from './labelled-phrases';
import { evaluateUnderstanding } from './understanding-evaluation';

/**
 * Regression check on each held-out part separately (never tuned against, except heldout-3's dev part,
 * whose failures were read): the understanding must stay at or above the accuracy it had when the part
 * was last measured and must never answer an off-topic phrase with a service. The parts are kept apart
 * so that a cleaner one is not averaged away by one that was looked at.
 */
const HELDOUT_REQUIREMENTS: Array<{
  part: Pick<LabelledSetPart, 'set' | 'part'>;
  minPhrases: number;
  minAccuracy: number;
  /**
   * Off-topic phrases answered with a service that are known and not yet fixed (the aim, and the default,
   * is 0): a measured figure, never raised to make a change pass.
   */
  knownOffTopicAnswered?: number;
  /**
   * Written without seeing the examples (heldout-3, heldout-4), so a short everyday phrase ("jezik",
   * "hvala") may happen to equal an example or a tuning phrase; the older sets were written to avoid that.
   */
  independentWriter?: boolean;
}> = [
  // The aim is 95 % on every part with no off-topic phrase answered: met on every part since session 5
  // (a third reader, the softmax regression, that withholds answers it finds outside every topic, and
  // the phrases of eight more independent writers as examples). The floors are just under what each part
  // measured then. heldout-6 is the set the issue asks for, written before that session's tuning; its
  // locked part, and the older locked parts, were run three times in that session, aggregates only:
  // after the round, after the one clause rule that followed it, and after two test-data fixes (an
  // example equal to a heldout-2 phrase reworded; heldout-6 dev's 8 phrases that the other writer also
  // wrote left out of dev). All three runs: heldout-6 locked 97.2 %, 0 of 33 off-topic answered;
  // heldout-3 locked 98.7 %, heldout-4 locked 96.0 %, heldout-5 97.5 %, none answering an off-topic
  // phrase. Earlier runs of the older locked parts are in the dialog README.
  { part: { set: 'heldout-6', part: 'dev' }, minPhrases: 220, minAccuracy: 0.98, independentWriter: true },
  { part: { set: 'heldout-6', part: 'locked' }, minPhrases: 210, minAccuracy: 0.97, independentWriter: true },
  { part: { set: 'heldout-3', part: 'dev' }, minPhrases: 200, minAccuracy: 0.96, independentWriter: true },
  { part: { set: 'heldout-3', part: 'locked' }, minPhrases: 150, minAccuracy: 0.98, independentWriter: true },
  { part: { set: 'heldout-4', part: 'dev' }, minPhrases: 250, minAccuracy: 0.96, independentWriter: true },
  { part: { set: 'heldout-4', part: 'locked' }, minPhrases: 170, minAccuracy: 0.96, independentWriter: true },
  { part: { set: 'heldout-5', part: 'locked' }, minPhrases: 300, minAccuracy: 0.97, independentWriter: true },
  { part: { set: 'heldout', part: null }, minPhrases: 200, minAccuracy: 0.96 },
  { part: { set: 'heldout-2', part: null }, minPhrases: 150, minAccuracy: 0.95 },
];

const content = loadSeedContent();
const model = buildUnderstandingModel(content);
const exampleTexts = new Set(
  content.topics
    .flatMap((topic) => [...topic.examples['cnr-Latn'], ...topic.examples['cnr-Cyrl'], ...topic.examples.en])
    .map(normalize),
);

// Failures below report counts, never phrases: a locked part's text must not reach anyone's screen.
describe.each(HELDOUT_REQUIREMENTS)(
  'understanding accuracy on $part.set $part.part phrases',
  ({ part, minPhrases, minAccuracy, knownOffTopicAnswered = 0, independentWriter }) => {
    const heldout = loadLabelledPhrases(part);

    it(`is a real held-out set: at least ${minPhrases} phrases, known topics, off-topic ones among them`, () => {
      expect(heldout.length).toBeGreaterThanOrEqual(minPhrases);
      const topicIds = new Set(content.topics.map((topic) => topic.id));
      const unknownTopics = heldout.filter((phrase) => phrase.topic !== null && !topicIds.has(phrase.topic));
      expect(unknownTopics.length).toBe(0);
      expect(heldout.filter((phrase) => phrase.topic === null).length).toBeGreaterThanOrEqual(15);
    });

    if (!independentWriter)
      it('holds no copy of an example phrase', () => {
        expect(heldout.filter((phrase) => exampleTexts.has(normalize(phrase.text))).length).toBe(0);
      });

    it(`answers at least ${minAccuracy * 100}% of the phrases correctly`, () => {
      const evaluation = evaluateUnderstanding(heldout, model);
      expect(evaluation.accuracy).toBeGreaterThanOrEqual(minAccuracy);
    });

    it(`answers no more than ${knownOffTopicAnswered} off-topic phrase(s) with a service topic`, () => {
      const evaluation = evaluateUnderstanding(heldout, model);
      expect(evaluation.offTopicAnsweredAsService).toBeLessThanOrEqual(knownOffTopicAnswered);
    });
  },
);

it('keeps each held-out part apart from the other parts (and the older ones from the tuning set)', () => {
  const texts = (part: Pick<LabelledSetPart, 'set' | 'part'>) =>
    new Set(loadLabelledPhrases(part).map((p) => normalize(p.text)));
  const tuning = { set: 'tuning', part: null, independentWriter: false };
  // The first held-out set was written alongside the tuning set and shares a few short phrases with it
  // ("kontakt", "vesti"); heldout-3 was written independently of all of them, so its short everyday
  // phrases may recur there (see its README): its two parts are only checked against each other.
  const parts = HELDOUT_REQUIREMENTS.map(({ part, independentWriter }) => ({ ...part, independentWriter }));
  const pairs = parts.flatMap((part, index) => [
    ...parts
      .slice(0, index)
      .filter((other) => other.independentWriter === part.independentWriter)
      // Sets by different independent writers share everyday phrases ("porez", "dobar dan", and 12 of
      // heldout-4 dev's with heldout-3 dev): each such set's parts are only checked against each other.
      .filter((other) => !part.independentWriter || other.set === part.set)
      .map((other) => [part, other]),
    ...(part.set === 'heldout' || part.independentWriter ? [] : [[part, tuning]]),
  ]);
  const overlaps = pairs.map(([part, other]) => {
    const mine = texts(part);
    return `${partName(part)} & ${partName(other)}: ${[...texts(other)].filter((text) => mine.has(text)).length}`;
  });
  expect(overlaps).toEqual(pairs.map(([part, other]) => `${partName(part)} & ${partName(other)}: 0`));
});
