import { StaffRole } from '@citizen-desk/auth';
import { loadSeedContent, Topic } from '../content';
import { ContentDraftEdit, decideDraftEdit } from './content-draft-edit.decide';
import { ContentRejected } from './content-rejected';

const seed = loadSeedContent();
const staff = (roles: StaffRole[], departments: string[] = []) => ({ roles, departments });
const admin = staff(['admin']);
const revenueEditor = staff(['editor'], ['local-revenue']);
const propertyTax = seed.topics.find((t) => t.id === 'property-tax')!;

/** The refusal `edit` gets from `who`, as [kind, reason, details]. */
function refusal(who: ReturnType<typeof staff>, edit: ContentDraftEdit) {
  try {
    decideDraftEdit(who, seed, edit);
  } catch (e) {
    if (e instanceof ContentRejected) return [e.kind, e.reason, e.details];
    throw e;
  }
  throw new Error('the edit was allowed');
}

describe('decideDraftEdit', () => {
  it('lets an editor change a topic of their department, and says what changed where', () => {
    const topic: Topic = { ...propertyTax, followUps: [] };
    const decided = decideDraftEdit(revenueEditor, seed, { type: 'PutTopic', topic });
    expect(decided).toMatchObject({ area: 'topic', id: 'property-tax', change: 'changed' });
    expect(decided.content.topics.find((t) => t.id === 'property-tax')).toBe(topic);
  });

  it.each<[string, ReturnType<typeof staff>, ContentDraftEdit, unknown[]]>([
    [
      'moving a topic out of the department',
      revenueEditor,
      { type: 'PutTopic', topic: { ...propertyTax, department: 'local-self-government' } },
      ['forbidden', 'out-of-department', {}],
    ],
    [
      "an editor's menu",
      revenueEditor,
      { type: 'SetMenu', menu: seed.menu },
      ['forbidden', 'admin-only', {}],
    ],
    [
      'a missing topic',
      admin,
      { type: 'DeleteTopic', topicId: 'no-such-topic' },
      ['not-found', 'no-such-topic', {}],
    ],
    [
      'a required topic',
      admin,
      { type: 'DeleteTopic', topicId: 'property-tax' },
      ['conflict', 'required-topic', {}],
    ],
  ])('refuses %s', (_, who, edit, expected) => {
    expect(refusal(who, edit)).toEqual(expected);
  });

  it('names what still refers to a topic it will not delete', () => {
    expect(refusal(admin, { type: 'DeleteTopic', topicId: 'report-problem' })).toEqual([
      'conflict',
      'referenced-topic',
      { references: ['menu:menu-report-problem'] },
    ]);
  });
});
