import { Content, Department, HealthMeasures, MenuNode, Topic, UiTexts } from '../content';
import { ChangeKind } from './content-diff';

/**
 * Edits of the draft as pure functions of the content. The draft may be inconsistent for a while (a
 * follow-up to a topic not written yet); the whole content is validated when it is published.
 */

/** Topics the dialog flows rely on by id: they may be changed but never deleted. */
export const REQUIRED_TOPICS = [
  'financial-aid',
  'gatherings-report',
  'property-tax',
  'contacts',
  'health-measures',
  'operator',
] as const;

export interface Edited {
  content: Content;
  change: ChangeKind;
}

export function putTopic(content: Content, topic: Topic): Edited {
  const exists = content.topics.some((t) => t.id === topic.id);
  return {
    content: {
      ...content,
      topics: exists
        ? content.topics.map((t) => (t.id === topic.id ? topic : t))
        : [...content.topics, topic],
    },
    change: exists ? 'changed' : 'added',
  };
}

/** What points at a topic: menu nodes (`menu:<node id>`) and other topics' follow-ups (`topic:<id>`). */
export function topicReferences(content: Content, topicId: string): string[] {
  const references: string[] = [];
  const visit = (node: MenuNode) => {
    if (node.topic === topicId) references.push(`menu:${node.id}`);
    node.children?.forEach(visit);
  };
  visit(content.menu);
  for (const t of content.topics)
    if (t.id !== topicId && t.followUps.includes(topicId)) references.push(`topic:${t.id}`);
  return references;
}

export type TopicRemoval =
  | { outcome: 'removed'; content: Content }
  | { outcome: 'missing' }
  | { outcome: 'required' }
  | { outcome: 'referenced'; references: string[] };

export function removeTopic(content: Content, topicId: string): TopicRemoval {
  if (!content.topics.some((t) => t.id === topicId)) return { outcome: 'missing' };
  if ((REQUIRED_TOPICS as readonly string[]).includes(topicId)) return { outcome: 'required' };
  const references = topicReferences(content, topicId);
  if (references.length) return { outcome: 'referenced', references };
  return {
    outcome: 'removed',
    content: { ...content, topics: content.topics.filter((t) => t.id !== topicId) },
  };
}

export function putDepartment(content: Content, department: Department): Edited {
  const exists = content.departments.some((d) => d.id === department.id);
  return {
    content: {
      ...content,
      departments: exists
        ? content.departments.map((d) => (d.id === department.id ? department : d))
        : [...content.departments, department],
    },
    change: exists ? 'changed' : 'added',
  };
}

export function setHealthMeasures(content: Content, healthMeasures: HealthMeasures): Edited {
  return { content: { ...content, healthMeasures }, change: 'changed' };
}

export function setMenu(content: Content, menu: MenuNode): Edited {
  return { content: { ...content, menu }, change: 'changed' };
}

/** The texts given replace theirs; the others stay. */
export function setTexts(content: Content, texts: Partial<UiTexts>): Edited {
  return { content: { ...content, texts: { ...content.texts, ...texts } }, change: 'changed' };
}

export function setNewsUrl(content: Content, newsUrl: string): Edited {
  return { content: { ...content, newsUrl }, change: 'changed' };
}
