import { ContentTopic, Script, SCRIPTS } from './content-model';

/** One text of a topic that differs between the published version and the draft. */
export interface TopicTextChange {
  field: 'title' | 'answer' | 'examples' | 'department' | 'kind' | 'followUps';
  script: Script | null;
  before: string;
  after: string;
}

const lines = (phrases: readonly string[] | undefined) => (phrases ?? []).join('\n');

/**
 * What an editor reads in the diff for one topic: every text, per language and script, as published
 * and as in the draft (a topic new in the draft: everything after, nothing before).
 */
export function topicTextChanges(
  published: ContentTopic | undefined,
  draft: ContentTopic | undefined,
): TopicTextChange[] {
  const changes: TopicTextChange[] = [];
  const add = (field: TopicTextChange['field'], script: Script | null, before: string, after: string) => {
    if (before !== after) changes.push({ field, script, before, after });
  };
  add('department', null, published?.department ?? '', draft?.department ?? '');
  add('kind', null, published?.kind ?? '', draft?.kind ?? '');
  for (const field of ['title', 'answer'] as const)
    for (const s of SCRIPTS) add(field, s, published?.[field][s] ?? '', draft?.[field][s] ?? '');
  for (const s of SCRIPTS) add('examples', s, lines(published?.examples[s]), lines(draft?.examples[s]));
  add('followUps', null, (published?.followUps ?? []).join(', '), (draft?.followUps ?? []).join(', '));
  return changes;
}
