import { describe, expect, it } from '@jest/globals';
import { ContentMenuNode, Localized } from './content-model';
import { menuRequest, menusOf, moveEntry, moveToMenu, relabel } from './menu-edits';

const text = (s: string): Localized => ({ 'cnr-Latn': s, 'cnr-Cyrl': `ć-${s}`, en: `en-${s}` });
const leaf = (id: string): ContentMenuNode => ({ id, label: text(id), topic: id });
const root: ContentMenuNode = {
  id: 'main',
  label: text('Glavni'),
  children: [
    { id: 'services', label: text('Usluge'), children: [leaf('aid'), leaf('tax')] },
    { id: 'info', label: text('Info'), children: [leaf('news')] },
    leaf('operator'),
  ],
};
const ids = (n: ContentMenuNode): unknown => (n.children ? { [n.id]: n.children.map(ids) } : n.id);

describe('menu edits: the admin’s changes of the menu tree', () => {
  it('reorders an entry among its siblings, and not past either end', () => {
    expect(ids(moveEntry(root, 'tax', -1))).toEqual({
      main: [{ services: ['tax', 'aid'] }, { info: ['news'] }, 'operator'],
    });
    expect(moveEntry(root, 'aid', -1)).toEqual(root);
    expect(ids(moveEntry(root, 'services', 1))).toEqual({
      main: [{ info: ['news'] }, { services: ['aid', 'tax'] }, 'operator'],
    });
  });

  it('moves a topic to the end of another sub-menu, and a sub-menu never into itself', () => {
    expect(ids(moveToMenu(root, 'tax', 'info'))).toEqual({
      main: [{ services: ['aid'] }, { info: ['news', 'tax'] }, 'operator'],
    });
    expect(ids(moveToMenu(root, 'info', 'services'))).toEqual({
      main: [{ services: ['aid', 'tax', { info: ['news'] }] }, 'operator'],
    });
    expect(moveToMenu(root, 'services', 'services')).toEqual(root);
    expect(moveToMenu(root, 'tax', 'services')).toEqual(root);
  });

  it('renames a sub-menu in each script, and sends the Cyrillic unless it is to be generated', () => {
    const renamed = relabel(root, 'info', { 'cnr-Latn': 'Vijesti', 'cnr-Cyrl': 'Вијести', en: 'News' });
    expect(menusOf(renamed).map((m) => [m.id, m.label['cnr-Latn'], m.depth])).toEqual([
      ['main', 'Glavni', 0],
      ['services', 'Usluge', 1],
      ['info', 'Vijesti', 1],
    ]);
    const body = menuRequest(renamed, new Set(['info'])) as ContentMenuNode;
    expect(body.children![1].label).toEqual({ 'cnr-Latn': 'Vijesti', en: 'News' });
    expect(body.children![0].label).toEqual(text('Usluge'));
    expect(body.children![2]).toEqual(leaf('operator'));
  });
});
