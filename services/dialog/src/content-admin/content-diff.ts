import { Content, MenuNode } from '../content';

export const CONTENT_AREAS = ['topic', 'department', 'menu', 'texts', 'health-measures', 'news'] as const;
export type ContentArea = (typeof CONTENT_AREAS)[number];
export type ChangeKind = 'added' | 'removed' | 'changed';

/** One difference between two contents, as an editor reads it before publishing. */
export interface ContentChange {
  area: ContentArea;
  id: string;
  change: ChangeKind;
  /** For a changed thing: which of its fields differ (for the menu: which nodes). */
  fields?: string[];
}

/** Ids of the single-valued areas, so that every change has an id. */
export const MENU_ID = 'menu';
export const TEXTS_ID = 'texts';
export const HEALTH_MEASURES_ID = 'health-measures';
export const NEWS_ID = 'newsUrl';

/**
 * Structural equality of JSON values. Object key order is ignored because PostgreSQL's jsonb does not
 * keep it; array order counts (examples, follow-ups and menu children are ordered).
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  // An absent key and a key holding undefined are the same thing once stored as JSON.
  return [...keys].every((k) => sameJson(ra[k], rb[k]));
}

function differingFields<T extends object>(before: T, after: T): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys]
    .filter((k) => !sameJson((before as Record<string, unknown>)[k], (after as Record<string, unknown>)[k]))
    .sort();
}

/** Added, removed and changed entries of two lists keyed by id, in the order of `after` then removals. */
function diffById<T extends { id: string }>(area: ContentArea, before: T[], after: T[]): ContentChange[] {
  const beforeById = new Map(before.map((x) => [x.id, x]));
  const afterIds = new Set(after.map((x) => x.id));
  const changes: ContentChange[] = [];
  for (const item of after) {
    const old = beforeById.get(item.id);
    if (!old) changes.push({ area, id: item.id, change: 'added' });
    else {
      const fields = differingFields(old, item);
      if (fields.length) changes.push({ area, id: item.id, change: 'changed', fields });
    }
  }
  for (const item of before)
    if (!afterIds.has(item.id)) changes.push({ area, id: item.id, change: 'removed' });
  return changes;
}

function menuNodesById(root: MenuNode): Map<string, MenuNode> {
  const nodes = new Map<string, MenuNode>();
  const visit = (node: MenuNode) => {
    nodes.set(node.id, node);
    node.children?.forEach(visit);
  };
  visit(root);
  return nodes;
}

/** A node as it looks on its own: its label, its topic, and the ids of its children in order. */
function menuNodeShape(node: MenuNode): unknown {
  return { label: node.label, topic: node.topic, children: node.children?.map((c) => c.id) };
}

/** Ids of the menu nodes that were added, removed or changed, sorted. */
export function changedMenuNodes(before: MenuNode, after: MenuNode): string[] {
  const a = menuNodesById(before);
  const b = menuNodesById(after);
  const ids = new Set([...a.keys(), ...b.keys()]);
  return [...ids]
    .filter((id) => {
      const x = a.get(id);
      const y = b.get(id);
      return !x || !y || !sameJson(menuNodeShape(x), menuNodeShape(y));
    })
    .sort();
}

/** What publishing `after` would change in `before` (the published content): the diff editors review. */
export function diffContent(before: Content, after: Content): ContentChange[] {
  const changes: ContentChange[] = [
    ...diffById('topic', before.topics, after.topics),
    ...diffById('department', before.departments, after.departments),
  ];
  const menuNodes = changedMenuNodes(before.menu, after.menu);
  if (menuNodes.length) changes.push({ area: 'menu', id: MENU_ID, change: 'changed', fields: menuNodes });
  const texts = differingFields(before.texts, after.texts);
  if (texts.length) changes.push({ area: 'texts', id: TEXTS_ID, change: 'changed', fields: texts });
  const health = differingFields(before.healthMeasures, after.healthMeasures);
  if (health.length)
    changes.push({ area: 'health-measures', id: HEALTH_MEASURES_ID, change: 'changed', fields: health });
  if (before.newsUrl !== after.newsUrl) changes.push({ area: 'news', id: NEWS_ID, change: 'changed' });
  return changes;
}

export function describeChange(c: ContentChange): string {
  return `${c.area} ${c.id} ${c.change}${c.fields?.length ? ` (${c.fields.join(', ')})` : ''}`;
}
