import { categorize, SEED_REPORT_CATEGORIES } from './report-categories';

describe('categorize', () => {
  it.each([
    ['gatherings-report', 'Djeca se okupljaju u parku', 'gatherings', 'communal-police'],
    ['report-problem', 'Ne radi ulična rasvjeta u Mediteranskoj', 'street-light', 'local-self-government'],
    ['report-problem', 'Someone dumped rubbish by the road', 'illegal-dump', 'communal-police'],
    ['report-problem', 'Velika rupa na putu kod pošte', 'roads', 'local-self-government'],
    ['report-problem', 'Pas laje cijelu noć', 'other', 'local-self-government'],
    ['unknown-topic', 'the street light is broken', 'street-light', 'local-self-government'],
  ])('%s "%s" → %s, routed to %s', (topic, description, code, department) => {
    const category = categorize(topic, description, SEED_REPORT_CATEGORIES);
    expect([category.code, category.department]).toEqual([code, department]);
  });

  it('skips inactive categories', () => {
    const categories = SEED_REPORT_CATEGORIES.map((c) =>
      c.code === 'street-light' ? { ...c, active: false } : c,
    );
    expect(categorize('report-problem', 'ne radi rasvjeta', categories).code).toBe('other');
  });
});
