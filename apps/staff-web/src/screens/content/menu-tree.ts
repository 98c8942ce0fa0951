import { ContentMenuNode, ContentTopic } from './content-model';

/** A line of the editor's tree: a menu (with its entries) or a topic under the menu entry that opens it. */
export type TreeNode =
  | { kind: 'menu'; id: string; label: ContentMenuNode['label']; children: TreeNode[] }
  | {
      kind: 'topic';
      /** The menu entry's id (the menu's own label may differ from the topic's title). */
      entryId: string;
      label: ContentMenuNode['label'];
      topicId: string;
      /** False for a topic the menu opens from a second place: the tree selects it at its first. */
      first: boolean;
      /** The menu names a topic the content does not have (the draft may be inconsistent until published). */
      missing: boolean;
    };

export interface ContentTree {
  /** The menu's levels below its root, in the order citizens see them. */
  menu: TreeNode[];
  /** Topics no menu entry opens (reached only by free text or as follow-ups). */
  unlisted: ContentTopic[];
}

/** The content's menu → sub-menus → topics as a tree, and the topics the menu does not reach. */
export function contentTree(root: ContentMenuNode, topics: readonly ContentTopic[]): ContentTree {
  const known = new Set(topics.map((t) => t.id));
  const seen = new Set<string>();
  const visit = (node: ContentMenuNode): TreeNode => {
    if (node.children)
      return { kind: 'menu', id: node.id, label: node.label, children: node.children.map(visit) };
    const topicId = node.topic ?? '';
    const first = !seen.has(topicId);
    seen.add(topicId);
    return {
      kind: 'topic',
      entryId: node.id,
      label: node.label,
      topicId,
      first,
      missing: !known.has(topicId),
    };
  };
  const menu = (root.children ?? []).map(visit);
  return { menu, unlisted: topics.filter((t) => !seen.has(t.id)) };
}
