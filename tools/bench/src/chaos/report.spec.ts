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
      restarts: 0,
    });
    expect(anythingLost([t], [])).toBe(true);
    expect(questionsTable([t])).toContain('| kill dialog |');
  });

  it('counts each campaign recipient once, twice or missing', () => {
    const t = tallyCampaign('campaign', ['a', 'b', 'c', 'd'], ['a', 'b', 'b', 'c'], 2);
    expect(t).toEqual({ scenario: 'campaign', recipients: 4, once: 2, twice: 1, missing: 1, restarts: 2 });
    expect(anythingLost([], [{ ...t, missing: 0 }])).toBe(false);
    expect(campaignTable([t]).split('\n')).toHaveLength(3);
  });
});
