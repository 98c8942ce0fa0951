import { loadSeedContent } from '../content/seed/budva.content';
import { isOnlyRudeness } from './rudeness';
import { understand } from './understand';
import { buildUnderstandingModel } from './understanding-model';

const model = buildUnderstandingModel(loadSeedContent());

describe('rudeness', () => {
  it.each(['idioti jedni', 'stoko jedna', 'ти си глуп', 'nosi se bre', 'get lost', 'odjebi bote', 'мрш'])(
    'takes %j for nothing but rudeness',
    (text) => {
      expect(isOnlyRudeness(text)).toBe(true);
    },
  );

  it.each(['nema vode tri dana', 'nosi li se maska u prodavnici', 'get a lost passport replaced', 'porez'])(
    'does not take %j for rudeness',
    (text) => {
      expect(isOnlyRudeness(text)).toBe(false);
    },
  );

  // The insults that once read as a topic: "stoko" is one edit from "stop", "glup" from "grup",
  // "nosi se" shares "nositi" with the masks, "nestani" shares a stem with water cuts.
  it.each(['stoko jedna', 'ti si glup', 'nosi se', 'nestani', 'get lost', 'glupi bote, gubi se'])(
    'answers no topic and offers none to %j',
    (text) => {
      expect(understand(text, model)).toMatchObject({ topic: null, candidates: [] });
    },
  );

  it('answers no topic to a rant that only mentions money or work ("…uzimate pare i ništa ne radite, sramota")', () => {
    const rant = 'Slušaj bre, vi ste svi isti, samo znate da uzimate pare i ništa ne radite, sramota.';
    expect(understand(rant, model).topic).toBeNull();
  });

  it('still answers a rude message that clearly asks for something', () => {
    expect(understand('idioti jedni, kako da dobijem jednokratnu novčanu pomoć', model).topic).toBe(
      'financial-aid',
    );
  });

  it('still reads a report with a curse in it', () => {
    expect(understand('jebem ti ovo, nema vode već tri dana u zgradi', model).topic).toBe('report-problem');
  });
});
