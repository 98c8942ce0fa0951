import { SubscriberChange } from './subscriber-change';
import { subscriberWriteSteps } from './subscriber-write-steps';

const at = (m: number) => `2026-11-25T10:0${m}:00.000Z`;
const sub = (citizenId: string, subscribed: boolean, m: number): SubscriberChange => ({
  kind: 'subscription',
  citizenId,
  subscribed,
  at: at(m),
});
const lang = (citizenId: string, m: number): SubscriberChange => ({
  kind: 'language',
  citizenId,
  language: 'en',
  at: at(m),
});

describe('subscriberWriteSteps', () => {
  it('puts a batch of different citizens into one step', () => {
    const steps = subscriberWriteSteps([sub('a', true, 1), lang('a', 1), sub('b', true, 2), lang('b', 2)]);
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ kind: 'upsert' });
    if (steps[0].kind !== 'upsert') throw new Error('upsert expected');
    expect(steps[0].subscription.map((c) => c.citizenId)).toEqual(['a', 'b']);
    expect(steps[0].language.map((c) => c.citizenId)).toEqual(['a', 'b']);
  });

  it("starts a new step when a citizen's column group comes again, keeping their order", () => {
    const steps = subscriberWriteSteps([sub('a', false, 1), sub('b', true, 1), sub('a', true, 2)]);
    expect(steps.map((s) => (s.kind === 'upsert' ? s.subscription.map((c) => c.citizenId) : s))).toEqual([
      ['a', 'b'],
      ['a'],
    ]);
  });

  it('lets a forget see what came before it and nothing after', () => {
    const steps = subscriberWriteSteps([
      sub('a', true, 1),
      { kind: 'forget', citizenId: 'a' },
      { kind: 'forget', citizenId: 'b' },
      sub('a', true, 3),
    ]);
    expect(steps.map((s) => s.kind)).toEqual(['upsert', 'forget', 'upsert']);
    expect(steps[1]).toEqual({ kind: 'forget', citizenIds: ['a', 'b'] });
  });

  it('turns notices back on with chosen categories, but not with none', () => {
    const [step] = subscriberWriteSteps([
      { kind: 'categories', citizenId: 'a', categories: ['health'], at: at(4) },
      { kind: 'categories', citizenId: 'b', categories: [], at: at(4) },
    ]);
    if (step.kind !== 'upsert') throw new Error('upsert expected');
    expect(step.notices).toEqual([{ kind: 'notices', citizenId: 'a', notices: true, at: at(4) }]);
    expect(step.categories).toHaveLength(2);
  });

  it('has no steps for no changes', () => {
    expect(subscriberWriteSteps([])).toEqual([]);
  });
});
