import { ContentMenuNode, Localized } from './content-model';

/**
 * The admin's edits of the menu tree, as pure functions of the tree (the screen keeps an edited copy
 * and sends it whole with PUT /dialog/content/draft/menu). Each returns a new tree; an edit that makes
 * no sense (a sub-menu into itself, past either end) returns the tree unchanged.
 */
type Node = ContentMenuNode;

/**
 * Entries one menu level may have: dialog's MAX_MENU_ENTRIES, what Viber's keyboard shows two to a row
 * with Back and Home (libs/viber keyboard-limits). The API refuses more; the screen counts against it.
 */
export const MENU_ENTRY_LIMIT = 22;

function mapChildren(node: Node, f: (children: Node[], node: Node) => Node[]): Node {
  if (!node.children) return node;
  const children = f(node.children, node).map((c) => mapChildren(c, f));
  return { ...node, children };
}

function find(node: Node, id: string): Node | undefined {
  if (node.id === id) return node;
  for (const c of node.children ?? []) {
    const hit = find(c, id);
    if (hit) return hit;
  }
  return undefined;
}

/** One place up (-1) or down (+1) among its siblings. */
export function moveEntry(root: Node, id: string, by: -1 | 1): Node {
  return mapChildren(root, (children) => {
    const i = children.findIndex((c) => c.id === id);
    const j = i + by;
    if (i < 0 || j < 0 || j >= children.length) return children;
    const moved = [...children];
    [moved[i], moved[j]] = [moved[j], moved[i]];
    return moved;
  });
}

/** To the end of another (sub-)menu; never into itself or below itself. */
export function moveToMenu(root: Node, id: string, menuId: string): Node {
  const entry = find(root, id);
  const target = find(root, menuId);
  if (!entry || !target?.children || entry === root || find(entry, menuId)) return root;
  if (target.children.some((c) => c.id === id)) return root;
  const without = mapChildren(root, (children) => children.filter((c) => c.id !== id));
  return mapChildren(without, (children, node) => (node.id === menuId ? [...children, entry] : children));
}

export function relabel(root: Node, id: string, label: Localized): Node {
  const visit = (node: Node): Node => ({
    ...(node.id === id ? { ...node, label } : node),
    ...(node.children ? { children: node.children.map(visit) } : {}),
  });
  return visit(root);
}

/** Every menu a topic or sub-menu may move to: the main menu and each sub-menu, with its depth. */
export function menusOf(root: Node): Array<{ id: string; label: Localized; depth: number }> {
  const out: Array<{ id: string; label: Localized; depth: number }> = [];
  const visit = (node: Node, depth: number) => {
    if (!node.children) return;
    out.push({ id: node.id, label: node.label, depth });
    for (const c of node.children) visit(c, depth + 1);
  };
  visit(root, 0);
  return out;
}

/** The menu as PUT takes it; the labels in `generated` leave their Cyrillic for the API to make from the Latin. */
export function menuRequest(root: Node, generated: ReadonlySet<string>): unknown {
  const visit = (node: Node): unknown => ({
    id: node.id,
    label: generated.has(node.id)
      ? { 'cnr-Latn': node.label['cnr-Latn'], en: node.label.en }
      : { ...node.label },
    ...(node.topic !== undefined ? { topic: node.topic } : {}),
    ...(node.children ? { children: node.children.map(visit) } : {}),
  });
  return visit(root);
}
