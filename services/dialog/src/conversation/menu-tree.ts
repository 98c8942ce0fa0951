import { MenuNode } from '../content';

/**
 * The menu as a tree the conversation moves in: where a node is, what is above it, and which entry
 * a topic is reached through. Pure look-ups over the content's menu.
 */
export function findMenuNode(root: MenuNode, id: string): MenuNode | undefined {
  if (root.id === id) return root;
  for (const child of root.children ?? []) {
    const found = findMenuNode(child, id);
    if (found) return found;
  }
  return undefined;
}

/** The node one level above `id`; undefined for the root or an id not in the tree. */
export function parentMenuNode(root: MenuNode, id: string): MenuNode | undefined {
  for (const child of root.children ?? []) {
    if (child.id === id) return root;
    const found = parentMenuNode(child, id);
    if (found) return found;
  }
  return undefined;
}

/** The menu (an inner node) the citizen is in at `position`: the node itself, or a leaf's parent. */
export function enclosingMenu(root: MenuNode, position: string | null): MenuNode {
  const node = position ? findMenuNode(root, position) : undefined;
  if (!node) return root;
  return node.children ? node : (parentMenuNode(root, node.id) ?? root);
}

/** Where Back leads from `position`: its parent, or the main menu when there is none. */
export function backTarget(root: MenuNode, position: string | null): MenuNode {
  return (position && parentMenuNode(root, position)) || root;
}

/**
 * The menu entry a topic is answered under. The citizen's current menu comes first (a tap on a
 * submenu's button, a follow-up within it), then the first entry for the topic anywhere in the tree;
 * undefined when the menu does not offer the topic.
 */
export function menuEntryForTopic(
  root: MenuNode,
  topicId: string,
  position: string | null,
): MenuNode | undefined {
  const here = enclosingMenu(root, position);
  return (
    here.children?.find((child) => child.topic === topicId) ?? firstEntry(root, (n) => n.topic === topicId)
  );
}

function firstEntry(node: MenuNode, matches: (n: MenuNode) => boolean): MenuNode | undefined {
  if (matches(node)) return node;
  for (const child of node.children ?? []) {
    const found = firstEntry(child, matches);
    if (found) return found;
  }
  return undefined;
}

/** Every inner node of the menu (the main menu and each submenu), depth first. */
export function allMenus(root: MenuNode): MenuNode[] {
  return root.children ? [root, ...root.children.flatMap(allMenus)] : [];
}
