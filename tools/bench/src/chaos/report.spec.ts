import { anythingLost, campaignTable, questionsTable, tallyCampaign, tallyQuestions } from './report';

describe('chaos report', () => {
  it('counts lost and twice per acknowledged question', () => {
    const t = tallyQuestions('kill dialog', ['a', 'b', 'c'], 1, ['a', 'b', 'b', 'x'], 0);
    expect(t).toEqual({
      scenario: 'kill dialog',
      acknowledged: 3,
      unacknowledged: 1,
      expected: 3,
      received: 2,
      lost: 1,
      twice: 1,
      uncertain: 0,
      restarts: 0,
    });
    expect(anythingLost([t], [])).toBe(true);
    expect(questionsTable([t])).toContain('| kill dialog |');
  });

  it('counts each campaign recipient once, twice or missing', () => {
    const t = tallyCampaign('campaign', ['a', 'b', 'c', 'd'], ['a', 'b', 'b', 'c'], 2, new Set(['b']), 1);
    expect(t).toEqual({
      scenario: 'campaign',
      recipients: 4,
      received: 3,
      once: 2,
      twice: 1,
      twiceOutsideWindow: 0,
      inWindow: 1,
      missing: 1,
      uncertain: 1,
      restarts: 2,
    });
    expect(anythingLost([], [{ ...t, missing: 0 }])).toBe(false);
    expect(campaignTable([t]).split('\n')).toHaveLength(3);
  });

  it('fails a campaign where a recipient outside the in-flight window got the notice twice', () => {
    const t = tallyCampaign('campaign', ['a', 'b'], ['a', 'a', 'b', 'b'], 0, new Set(['b']));
    expect(t).toMatchObject({ twice: 2, twiceOutsideWindow: 1, missing: 0 });
    expect(anythingLost([], [t])).toBe(true);
  });
});
