import { canActAs, StaffClaims } from '@citizen-desk/auth';
import { Content, Topic } from '../content';
import { ContentChange } from './content-diff';

/**
 * Who may change what in the content. An admin may change everything; an editor only what belongs to
 * their departments: topics of those departments (before and after the change, so a topic cannot be
 * moved in or out of someone else's department), those departments' directory entries, and the health
 * measures when the `health-measures` topic is theirs. The menu, the UI texts and the news link shape
 * the whole bot and are the admin's.
 */
export type ContentEditor = Pick<StaffClaims, 'roles' | 'departments'>;

export const HEALTH_MEASURES_TOPIC = 'health-measures';

function editsIn(staff: ContentEditor, department: string | undefined): boolean {
  return department !== undefined && canActAs(staff, department, 'editor');
}

export function isContentAdmin(staff: ContentEditor): boolean {
  return staff.roles.includes('admin');
}

/** `before` is the topic as it is (undefined when new), `after` as it will be (undefined when deleted). */
export function canEditTopic(
  staff: ContentEditor,
  before: Pick<Topic, 'department'> | undefined,
  after: Pick<Topic, 'department'> | undefined,
): boolean {
  if (!before && !after) return false;
  return [before, after].every((t) => t === undefined || editsIn(staff, t.department));
}

export function canEditDepartment(staff: ContentEditor, departmentId: string): boolean {
  return editsIn(staff, departmentId);
}

/** The health measures belong to the department of the `health-measures` topic (none: admin only). */
export function canEditHealthMeasures(staff: ContentEditor, content: Pick<Content, 'topics'>): boolean {
  if (isContentAdmin(staff)) return true;
  return editsIn(staff, content.topics.find((t) => t.id === HEALTH_MEASURES_TOPIC)?.department);
}

export function canEditAdminArea(staff: ContentEditor): boolean {
  return isContentAdmin(staff);
}

/** Whether `staff` may make one change of the diff between `before` (published) and `after` (draft). */
export function mayMakeChange(
  staff: ContentEditor,
  change: ContentChange,
  before: Content,
  after: Content,
): boolean {
  switch (change.area) {
    case 'topic':
      return canEditTopic(
        staff,
        before.topics.find((t) => t.id === change.id),
        after.topics.find((t) => t.id === change.id),
      );
    case 'department':
      return canEditDepartment(staff, change.id);
    case 'health-measures':
      return canEditHealthMeasures(staff, before) && canEditHealthMeasures(staff, after);
    case 'menu':
    case 'texts':
    case 'news':
      return canEditAdminArea(staff);
  }
}

/** The changes `staff` may not publish; empty when they may publish the whole diff. */
export function changesBeyondScope(
  staff: ContentEditor,
  changes: ContentChange[],
  before: Content,
  after: Content,
): ContentChange[] {
  return changes.filter((c) => !mayMakeChange(staff, c, before, after));
}
