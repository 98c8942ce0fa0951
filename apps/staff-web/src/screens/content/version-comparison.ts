import { ContentModel, ContentTopic, Localized } from './content-model';
import { topicTextChanges, TopicTextChange } from './topic-changes';

/** How one topic would change if an earlier version came back. */
export interface TopicComparison {
  id: string;
  /** 'back': only the earlier version has it; 'gone': the earlier version lacks it; 'changed': both. */
  change: 'back' | 'gone' | 'changed';
  title: Localized;
  /** `before` is the text now (published or draft), `after` the earlier version's. */
  texts: TopicTextChange[];
}

export interface VersionComparison {
  topics: TopicComparison[];
  unchanged: number;
  menuChanged: boolean;
}

/**
 * What rolling back to `earlier` would change in `now` (the published content or the draft), topic by
 * topic in the earlier version's order, then the topics it lacks; and whether the menu differs.
 */
export function compareVersions(earlier: ContentModel, now: ContentModel): VersionComparison {
  const nowById = new Map(now.topics.map((t) => [t.id, t]));
  const earlierIds = new Set(earlier.topics.map((t) => t.id));
  const topics: TopicComparison[] = [];
  let unchanged = 0;
  const compare = (id: string, before: ContentTopic | undefined, after: ContentTopic | undefined) => {
    const texts = topicTextChanges(before, after);
    if (!texts.length) unchanged++;
    else
      topics.push({
        id,
        change: !before ? 'back' : !after ? 'gone' : 'changed',
        title: (after ?? before)!.title,
        texts,
      });
  };
  for (const t of earlier.topics) compare(t.id, nowById.get(t.id), t);
  for (const t of now.topics) if (!earlierIds.has(t.id)) compare(t.id, t, undefined);
  return { topics, unchanged, menuChanged: JSON.stringify(earlier.menu) !== JSON.stringify(now.menu) };
}
