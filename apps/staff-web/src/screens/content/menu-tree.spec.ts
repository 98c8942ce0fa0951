import { describe, expect, it } from '@jest/globals';
import { ContentMenuNode, ContentTopic, Localized } from './content-model';
import { contentTree } from './menu-tree';

const text = (s: string): Localized => ({ 'cnr-Latn': s, 'cnr-Cyrl': s, en: s });
const topic = (id: string): ContentTopic => ({
  id,
  department: 'local-revenue',
  kind: 'answer',
  title: text(id),
  answer: text(id),
  examples: { 'cnr-Latn': [], 'cnr-Cyrl': [], en: [] },
  followUps: [],
});
const menu: ContentMenuNode = {
  id: 'main',
  label: text('Glavni meni'),
  children: [
    {
      id: 'services',
      label: text('Usluge'),
      children: [
        { id: 'menu-tax', label: text('Porez'), topic: 'property-tax' },
        { id: 'menu-aid', label: text('Pomoć'), topic: 'financial-aid' },
      ],
    },
    { id: 'menu-tax-again', label: text('Porez (prečica)'), topic: 'property-tax' },
    { id: 'menu-gone', label: text('Obrisano'), topic: 'deleted-topic' },
  ],
};

describe('contentTree: the menu, its sub-menus and the topics they open', () => {
  const tree = contentTree(menu, [topic('property-tax'), topic('financial-aid'), topic('thanks')]);

  it('keeps the menu levels in the order citizens see them', () => {
    expect(tree.menu.map((n) => (n.kind === 'menu' ? `menu:${n.id}` : `topic:${n.topicId}`))).toEqual([
      'menu:services',
      'topic:property-tax',
      'topic:deleted-topic',
    ]);
    const services = tree.menu[0];
    expect(services.kind === 'menu' && services.children.map((c) => c.kind === 'topic' && c.topicId)).toEqual(
      ['property-tax', 'financial-aid'],
    );
  });

  it('marks a topic opened from a second place, and an entry whose topic the draft lacks', () => {
    const again = tree.menu[1];
    expect(again).toMatchObject({ kind: 'topic', entryId: 'menu-tax-again', first: false, missing: false });
    expect(tree.menu[2]).toMatchObject({ kind: 'topic', topicId: 'deleted-topic', missing: true });
  });

  it('lists the topics no menu entry opens', () => {
    expect(tree.unlisted.map((t) => t.id)).toEqual(['thanks']);
  });
});
