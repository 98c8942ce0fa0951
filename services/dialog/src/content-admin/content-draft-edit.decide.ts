import { Content, Department, HealthMeasures, MenuNode, Topic, UiTexts } from '../content';
import { ChangeKind, ContentArea, HEALTH_MEASURES_ID, MENU_ID, NEWS_ID, TEXTS_ID } from './content-diff';
import {
  putDepartment,
  putTopic,
  removeTopic,
  setHealthMeasures,
  setMenu,
  setNewsUrl,
  setTexts,
} from './content-draft-edits';
import {
  canEditAdminArea,
  canEditDepartment,
  canEditHealthMeasures,
  canEditTopic,
  ContentEditor,
} from './content-permissions';
import { ContentRejected, outOfDepartment } from './content-rejected';

/** One change an editor makes to the working draft. */
export type ContentDraftEdit =
  | { type: 'PutTopic'; topic: Topic }
  | { type: 'DeleteTopic'; topicId: string }
  | { type: 'PutDepartment'; department: Department }
  | { type: 'SetHealthMeasures'; healthMeasures: HealthMeasures }
  | { type: 'SetMenu'; menu: MenuNode }
  | { type: 'SetTexts'; texts: Partial<UiTexts> }
  | { type: 'SetNewsUrl'; newsUrl: string };

export interface DecidedDraftEdit {
  area: ContentArea;
  id: string;
  change: ChangeKind;
  content: Content;
}

const adminOnly = (what: string) => new ContentRejected('admin-only', `only an admin may change ${what}`);

function deleteTopic(staff: ContentEditor, draft: Content, topicId: string): DecidedDraftEdit {
  const before = draft.topics.find((t) => t.id === topicId);
  if (before && !canEditTopic(staff, before, undefined))
    throw outOfDepartment(staff, `topic ${topicId} (department ${before.department})`);
  const removal = removeTopic(draft, topicId);
  switch (removal.outcome) {
    case 'missing':
      throw new ContentRejected('no-such-topic', `the draft has no topic ${topicId}`);
    case 'required':
      throw new ContentRejected(
        'required-topic',
        `topic ${topicId} is required by the dialog and cannot be deleted`,
      );
    case 'referenced':
      throw new ContentRejected(
        'referenced-topic',
        `topic ${topicId} is still referenced by ${removal.references.join(', ')}`,
        { references: removal.references },
      );
    case 'removed':
      return { area: 'topic', id: topicId, content: removal.content, change: 'removed' };
  }
}

/** The draft after `edit`, or the ContentRejected that says why `staff` may not make it. */
export function decideDraftEdit(
  staff: ContentEditor,
  draft: Content,
  edit: ContentDraftEdit,
): DecidedDraftEdit {
  switch (edit.type) {
    case 'PutTopic': {
      const { topic } = edit;
      const before = draft.topics.find((t) => t.id === topic.id);
      if (!canEditTopic(staff, before, topic)) {
        const departments = [
          ...new Set([before?.department, topic.department].filter((d) => d !== undefined)),
        ];
        throw outOfDepartment(staff, `topic ${topic.id} (department ${departments.join(' → ')})`);
      }
      return { area: 'topic', id: topic.id, ...putTopic(draft, topic) };
    }
    case 'DeleteTopic':
      return deleteTopic(staff, draft, edit.topicId);
    case 'PutDepartment':
      if (!canEditDepartment(staff, edit.department.id))
        throw outOfDepartment(staff, `department ${edit.department.id}`);
      return { area: 'department', id: edit.department.id, ...putDepartment(draft, edit.department) };
    case 'SetHealthMeasures':
      if (!canEditHealthMeasures(staff, draft)) throw outOfDepartment(staff, 'the health measures');
      return {
        area: 'health-measures',
        id: HEALTH_MEASURES_ID,
        ...setHealthMeasures(draft, edit.healthMeasures),
      };
    case 'SetMenu':
      if (!canEditAdminArea(staff)) throw adminOnly('the menu');
      return { area: 'menu', id: MENU_ID, ...setMenu(draft, edit.menu) };
    case 'SetTexts':
      if (!canEditAdminArea(staff)) throw adminOnly('the UI texts');
      return { area: 'texts', id: TEXTS_ID, ...setTexts(draft, edit.texts) };
    case 'SetNewsUrl':
      if (!canEditAdminArea(staff)) throw adminOnly('the news link');
      return { area: 'news', id: NEWS_ID, ...setNewsUrl(draft, edit.newsUrl) };
  }
}
