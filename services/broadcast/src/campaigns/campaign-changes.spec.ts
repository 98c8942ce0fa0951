import { campaignHistory, changedFields, reviewedFieldsOf, wordDiff } from './campaign-changes';
import { CampaignState, evolveCampaign, initialCampaignState } from './campaign.state';

const base = { campaignId: 'c1', department: 'utilities' };
let version = 0;
const ev = (type: string, data: Record<string, unknown>) => ({
  type,
  data: { ...base, ...data },
  streamVersion: ++version,
});
const created = (at: string) =>
  ev('CampaignCreated', {
    by: 'ana',
    at,
    title: 'Voda',
    content: { texts: { 'cnr-Latn': 'Sjutra nema vode od 8 do 12 h.', en: 'No water tomorrow.' } },
    audience: { categories: ['utilities'], languages: [] },
  });

describe('wordDiff', () => {
  it('marks the words that went and came, and the pieces give back both texts', () => {
    const before = 'Sjutra nema vode od 8 do 12 h.';
    const after = 'Sjutra nema vode od 9 do 13 h u Starom gradu.';
    const ops = wordDiff(before, after);
    expect(ops).toEqual([
      { op: 'same', text: 'Sjutra nema vode od ' },
      { op: 'removed', text: '8 ' },
      { op: 'added', text: '9 ' },
      { op: 'same', text: 'do ' },
      { op: 'removed', text: '12 h.' },
      { op: 'added', text: '13 h u Starom gradu.' },
    ]);
    const join = (kinds: string[]) =>
      ops
        .filter((o) => kinds.includes(o.op))
        .map((o) => o.text)
        .join('');
    expect(join(['same', 'removed'])).toBe(before);
    expect(join(['same', 'added'])).toBe(after);
  });

  it('handles empty texts and identical texts', () => {
    expect(wordDiff('', 'Novo')).toEqual([{ op: 'added', text: 'Novo' }]);
    expect(wordDiff('Staro', '')).toEqual([{ op: 'removed', text: 'Staro' }]);
    expect(wordDiff('Isto je.', 'Isto je.')).toEqual([{ op: 'same', text: 'Isto je.' }]);
  });
});

describe('changedFields', () => {
  const state = (over: Partial<CampaignState>): CampaignState => ({
    ...initialCampaignState(),
    title: 'Voda',
    content: { texts: { 'cnr-Latn': 'Tekst' } },
    ...over,
  });

  it('names each changed field, with words for text and plain values otherwise', () => {
    const before = reviewedFieldsOf(state({ audience: { categories: ['health'], languages: [] } }));
    const after = reviewedFieldsOf(
      state({
        content: { texts: { 'cnr-Latn': 'Tekst', en: 'Text' }, pictureUrl: 'https://budva.me/a.jpg' },
        audience: { categories: ['health', 'culture'], languages: ['en'] },
        requestedSendAt: '2026-12-01T08:30:00.000Z',
      }),
    );
    expect(changedFields(before, after)).toEqual([
      { field: 'content.texts.en', before: null, after: 'Text' },
      { field: 'content.pictureUrl', before: null, after: 'https://budva.me/a.jpg' },
      { field: 'audience.categories', before: 'health', after: 'culture, health' },
      { field: 'audience.languages', before: null, after: 'en' },
      { field: 'sendAt', before: null, after: '2026-12-01T08:30:00.000Z' },
    ]);
  });

  it('sees no change in the order of categories, nor in equal versions', () => {
    const a = reviewedFieldsOf(state({ audience: { categories: ['taxes', 'health'], languages: [] } }));
    const b = reviewedFieldsOf(state({ audience: { categories: ['health', 'taxes'], languages: [] } }));
    expect(changedFields(a, b)).toEqual([]);
  });
});

describe('campaignHistory', () => {
  const T = (m: number) => `2026-11-25T10:${String(m).padStart(2, '0')}:00.000Z`;

  it('on a first submission shows the whole notice as new', () => {
    const { sinceReview, history } = campaignHistory([
      created(T(0)),
      ev('CampaignSubmitted', { by: 'ana', at: T(1) }),
    ]);
    expect(sinceReview.since).toBeNull();
    expect(sinceReview.changes.map((c) => [c.field, c.before, c.after])).toEqual([
      ['title', null, 'Voda'],
      ['content.texts.cnr-Latn', null, 'Sjutra nema vode od 8 do 12 h.'],
      ['content.texts.en', null, 'No water tomorrow.'],
      ['audience.categories', null, 'utilities'],
    ]);
    expect(history.map((h) => [h.type, h.by])).toEqual([
      ['CampaignCreated', 'ana'],
      ['CampaignSubmitted', 'ana'],
    ]);
  });

  it('after a change to an approved campaign, shows only what differs from the approved version', () => {
    const { sinceReview, history } = campaignHistory([
      created(T(0)),
      ev('CampaignSubmitted', { by: 'ana', at: T(1) }),
      ev('CampaignApproved', { by: 'boris', at: T(2) }),
      ev('CampaignScheduled', { by: 'boris', at: T(2), sendAt: T(30) }),
      ev('CampaignEdited', {
        by: 'ana',
        at: T(3),
        content: { texts: { 'cnr-Latn': 'Sjutra nema vode od 9 do 12 h.', en: 'No water tomorrow.' } },
      }),
      ev('CampaignAudienceChosen', { by: 'ana', at: T(4), audience: { categories: [], languages: [] } }),
      ev('CampaignSubmitted', { by: 'ana', at: T(5) }),
    ]);
    expect(sinceReview.since).toEqual({ kind: 'approved', by: 'boris', at: T(2) });
    expect(sinceReview.changes).toEqual([
      {
        field: 'content.texts.cnr-Latn',
        before: 'Sjutra nema vode od 8 do 12 h.',
        after: 'Sjutra nema vode od 9 do 12 h.',
        words: [
          { op: 'same', text: 'Sjutra nema vode od ' },
          { op: 'removed', text: '8 ' },
          { op: 'added', text: '9 ' },
          { op: 'same', text: 'do 12 h.' },
        ],
      },
      { field: 'audience.categories', before: 'utilities', after: null },
    ]);
    expect(history.find((h) => h.type === 'CampaignEdited')?.fields).toEqual(['content.texts.cnr-Latn']);
    expect(history.find((h) => h.type === 'CampaignAudienceChosen')?.fields).toEqual(['audience.categories']);
  });

  it('after a change to a submitted (not yet approved) campaign, compares with that submission', () => {
    const { sinceReview } = campaignHistory([
      created(T(0)),
      ev('CampaignSubmitted', { by: 'ana', at: T(1) }),
      ev('CampaignEdited', { by: 'ana', at: T(2), title: 'Voda u Starom gradu' }),
    ]);
    expect(sinceReview.since).toEqual({ kind: 'submitted', by: 'ana', at: T(1) });
    expect(sinceReview.changes.map((c) => c.field)).toEqual(['title']);
  });

  it('folds to the same state as the service does', () => {
    const events = [created(T(0)), ev('CampaignEdited', { by: 'eva', at: T(1), sendAt: T(40) })];
    const state = events.reduce(evolveCampaign, initialCampaignState());
    expect(reviewedFieldsOf(state).sendAt).toBe(T(40));
    expect(campaignHistory(events).sinceReview.changes.find((c) => c.field === 'sendAt')?.after).toBe(T(40));
  });
});
