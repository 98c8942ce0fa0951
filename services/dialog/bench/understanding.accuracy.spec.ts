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
}> = [
  // The aim is 95% on both parts of heldout-3; these floors are what the understanding reaches today.
  { part: { set: 'heldout-3', part: 'dev' }, minPhrases: 200, minAccuracy: 0.7 },
  { part: { set: 'heldout-3', part: 'locked' }, minPhrases: 150, minAccuracy: 0.75 },
  { part: { set: 'heldout', part: null }, minPhrases: 200, minAccuracy: 0.95 },
  { part: { set: 'heldout-2', part: null }, minPhrases: 150, minAccuracy: 0.9 },
];

const content = loadSeedContent();
const model = buildUnderstandingModel(content);

describe.each(HELDOUT_REQUIREMENTS)(
  'understanding accuracy on $part.set $part.part phrases',
  ({ part, minPhrases, minAccuracy }) => {
    const heldout = loadLabelledPhrases(part);

    it(`is a real held-out set: at least ${minPhrases} phrases, known topics, none a copy of an example phrase`, () => {
      expect(heldout.length).toBeGreaterThanOrEqual(minPhrases);
      const topicIds = new Set(content.topics.map((topic) => topic.id));
      for (const phrase of heldout) if (phrase.topic !== null) expect(topicIds).toContain(phrase.topic);
      const examples = new Set(
        content.topics
          .flatMap((topic) => [
            ...topic.examples['cnr-Latn'],
            ...topic.examples['cnr-Cyrl'],
            ...topic.examples.en,
          ])
          .map(normalize),
      );
      expect(
        heldout.filter((phrase) => examples.has(normalize(phrase.text))).map((phrase) => phrase.text),
      ).toEqual([]);
      expect(heldout.filter((phrase) => phrase.topic === null).length).toBeGreaterThanOrEqual(15);
    });

    it(`answers at least ${minAccuracy * 100}% of the phrases correctly`, () => {
      const evaluation = evaluateUnderstanding(heldout, model);
      expect(evaluation.accuracy).toBeGreaterThanOrEqual(minAccuracy);
    });

    it('never answers an off-topic phrase with a service topic', () => {
      const evaluation = evaluateUnderstanding(heldout, model);
      expect(evaluation.offTopicAnsweredAsService).toBe(0);
    });
  },
);

it('keeps each held-out part apart from the other parts and from the tuning set', () => {
  const texts = (part: Pick<LabelledSetPart, 'set' | 'part'>) =>
    new Set(loadLabelledPhrases(part).map((p) => normalize(p.text)));
  const tuning = { set: 'tuning', part: null };
  const parts = HELDOUT_REQUIREMENTS.map((requirement) => requirement.part);
  // The first held-out set was written alongside the tuning set and shares a few short phrases with it
  // ("kontakt", "vesti"); every later one must be disjoint from everything before it.
  const pairs = parts.flatMap((part, index) =>
    [...parts.slice(0, index), ...(part.set === 'heldout' ? [] : [tuning])].map((other) => [part, other]),
  );
  const overlaps = pairs.flatMap(([part, other]) => {
    const mine = texts(part);
    return [...texts(other)]
      .filter((text) => mine.has(text))
      .map((text) => `${partName(part)} & ${partName(other)}: ${text}`);
  });
  expect(overlaps).toEqual([]);
});
