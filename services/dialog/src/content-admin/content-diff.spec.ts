import { Content, loadSeedContent, Topic } from '../content';
import { changedMenuNodes, describeChange, diffContent, sameJson } from './content-diff';

const seed = loadSeedContent();
const topic = (c: Content, id: string): Topic => c.topics.find((t) => t.id === id)!;
const withTopics = (c: Content, topics: Topic[]): Content => ({ ...c, topics });

describe('sameJson', () => {
  it.each<[unknown, unknown, boolean]>([
    [{ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, true],
    [{ a: 1 }, { a: 1, b: undefined }, true],
    [[1, 2], [2, 1], false],
    [{ a: { b: 'x' } }, { a: { b: 'y' } }, false],
    [{ a: [] }, { a: {} }, false],
    [null, {}, false],
    ['1', 1, false],
  ])('%j vs %j -> %s', (a, b, expected) => {
    expect(sameJson(a, b)).toBe(expected);
  });
});

describe('diffContent', () => {
  it('finds nothing between a content and its copy with keys in another order', () => {
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverseKeys)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverseKeys(x)]),
            )
          : v;
    const reordered = reverseKeys(seed) as Content;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(seed));
    expect(diffContent(seed, reordered)).toEqual([]);
  });

  it('names the changed fields of a topic', () => {
    const tax = topic(seed, 'property-tax');
    const draft = withTopics(
      seed,
      seed.topics.map((t) =>
        t.id === 'property-tax'
          ? { ...tax, answer: { ...tax.answer, en: 'New answer' }, followUps: ['contacts'] }
          : t,
      ),
    );
    expect(diffContent(seed, draft)).toEqual([
      { area: 'topic', id: 'property-tax', change: 'changed', fields: ['answer', 'followUps'] },
    ]);
  });

  it('reports added and removed topics and departments', () => {
    const added: Topic = { ...topic(seed, 'thanks'), id: 'parking' };
    const draft: Content = {
      ...withTopics(seed, [...seed.topics.filter((t) => t.id !== 'greeting'), added]),
      departments: [
        ...seed.departments.filter((d) => d.id !== 'local-revenue'),
        { ...seed.departments[1], id: 'water' },
      ],
    };
    expect(diffContent(seed, draft)).toEqual([
      { area: 'topic', id: 'parking', change: 'added' },
      { area: 'topic', id: 'greeting', change: 'removed' },
      { area: 'department', id: 'water', change: 'added' },
      { area: 'department', id: 'local-revenue', change: 'removed' },
    ]);
  });

  it('reports the single-valued areas with the parts that changed', () => {
    const draft: Content = {
      ...seed,
      texts: {
        ...seed.texts,
        greeting: { ...seed.texts.greeting, en: 'Hello!' },
        back: { ...seed.texts.back, en: 'Return' },
      },
      healthMeasures: { ...seed.healthMeasures, updatedAt: '2027-01-01' },
      newsUrl: 'https://example.org/news',
      menu: { ...seed.menu, label: { ...seed.menu.label, en: 'Start' } },
    };
    expect(diffContent(seed, draft)).toEqual([
      { area: 'menu', id: 'menu', change: 'changed', fields: [seed.menu.id] },
      { area: 'texts', id: 'texts', change: 'changed', fields: ['back', 'greeting'] },
      { area: 'health-measures', id: 'health-measures', change: 'changed', fields: ['updatedAt'] },
      { area: 'news', id: 'newsUrl', change: 'changed' },
    ]);
  });

  it('ignores a change of topic order (topics are keyed by id)', () => {
    expect(diffContent(seed, withTopics(seed, [...seed.topics].reverse()))).toEqual([]);
  });

  it('describes a change in one line', () => {
    expect(describeChange({ area: 'topic', id: 'x', change: 'changed', fields: ['answer', 'title'] })).toBe(
      'topic x changed (answer, title)',
    );
    expect(describeChange({ area: 'news', id: 'newsUrl', change: 'changed' })).toBe('news newsUrl changed');
  });
});

describe('changedMenuNodes', () => {
  const label = { 'cnr-Latn': 'a', 'cnr-Cyrl': 'а', en: 'a' };
  const menu = {
    id: 'main',
    label,
    children: [
      { id: 'one', label, topic: 'x' },
      { id: 'two', label, topic: 'y' },
    ],
  };

  it('names the node whose topic changed, and nothing else', () => {
    const after = { ...menu, children: [menu.children[0], { ...menu.children[1], topic: 'z' }] };
    expect(changedMenuNodes(menu, after)).toEqual(['two']);
  });

  it('names the parent when children are reordered, and added or removed nodes', () => {
    expect(changedMenuNodes(menu, { ...menu, children: [...menu.children].reverse() })).toEqual(['main']);
    expect(
      changedMenuNodes(menu, { ...menu, children: [menu.children[0], { id: 'three', label, topic: 'z' }] }),
    ).toEqual(['main', 'three', 'two']);
  });
});
