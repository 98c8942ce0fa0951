import { describe, expect, it } from '@jest/globals';
import { ContentModel, ContentTopic, Localized } from './content-model';
import { compareVersions } from './version-comparison';

const text = (latin: string): Localized => ({ 'cnr-Latn': latin, 'cnr-Cyrl': latin, en: latin });
const topic = (id: string, answer: string): ContentTopic => ({
  id,
  department: 'local-revenue',
  kind: 'answer',
  title: text(id),
  answer: text(answer),
  examples: { 'cnr-Latn': [id], 'cnr-Cyrl': [id], en: [id] },
  followUps: [],
});
const menu = (...topics: string[]) => ({
  id: 'root',
  label: text('Meni'),
  children: topics.map((t) => ({ id: `m-${t}`, label: text(t), topic: t })),
});
const content = (version: number, topics: ContentTopic[], m = menu('tax')): ContentModel => ({
  version,
  topics,
  menu: m,
});

describe('compareVersions: what a rollback would change', () => {
  it('names each topic whose texts differ, the earlier text as what comes back', () => {
    const earlier = content(1, [topic('tax', 'Rok je 30. jun.'), topic('water', 'Voda')]);
    const now = content(3, [topic('tax', 'Rok je 31. jul.'), topic('water', 'Voda')]);

    const c = compareVersions(earlier, now);

    expect(c.unchanged).toBe(1);
    expect(c.menuChanged).toBe(false);
    expect(c.topics).toHaveLength(1);
    expect(c.topics[0]).toMatchObject({ id: 'tax', change: 'changed' });
    expect(c.topics[0].texts).toContainEqual({
      field: 'answer',
      script: 'cnr-Latn',
      before: 'Rok je 31. jul.',
      after: 'Rok je 30. jun.',
    });
  });

  it('tells a topic that comes back from one that goes, and a menu that differs', () => {
    const earlier = content(1, [topic('tax', 'a'), topic('old', 'b')], menu('tax', 'old'));
    const now = content(2, [topic('tax', 'a'), topic('new', 'c')], menu('tax', 'new'));

    const c = compareVersions(earlier, now);

    expect(c.topics.map((t) => [t.id, t.change])).toEqual([
      ['old', 'back'],
      ['new', 'gone'],
    ]);
    expect(c.menuChanged).toBe(true);
  });

  it('finds nothing to change between equal contents', () => {
    const same = content(1, [topic('tax', 'a')]);
    expect(compareVersions(same, { ...same, version: 4 })).toEqual({
      topics: [],
      unchanged: 1,
      menuChanged: false,
    });
  });
});
