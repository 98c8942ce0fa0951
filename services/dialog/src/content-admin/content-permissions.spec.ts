import { StaffRole } from '@citizen-desk/auth';
import { Content, loadSeedContent } from '../content';
import { ContentChange } from './content-diff';
import {
  canEditAdminArea,
  canEditDepartment,
  canEditHealthMeasures,
  canEditTopic,
  changesBeyondScope,
  mayMakeChange,
} from './content-permissions';

const staff = (roles: StaffRole[], departments: string[] = []) => ({ roles, departments });
const revenueEditor = staff(['editor'], ['local-revenue']);
const selfGovEditor = staff(['editor'], ['local-self-government']);
const admin = staff(['admin']);
const revenueOperator = staff(['operator'], ['local-revenue']);
const inRevenue = { department: 'local-revenue' };
const inSelfGov = { department: 'local-self-government' };

describe('canEditTopic', () => {
  it.each<
    [
      string,
      ReturnType<typeof staff>,
      { department: string } | undefined,
      { department: string } | undefined,
      boolean,
    ]
  >([
    ['editor changes a topic of their department', revenueEditor, inRevenue, inRevenue, true],
    ['editor creates a topic in their department', revenueEditor, undefined, inRevenue, true],
    ['editor deletes a topic of their department', revenueEditor, inRevenue, undefined, true],
    ['editor changes a topic of another department', revenueEditor, inSelfGov, inSelfGov, false],
    ['editor moves their topic to another department', revenueEditor, inRevenue, inSelfGov, false],
    ['editor takes over a topic of another department', revenueEditor, inSelfGov, inRevenue, false],
    ['editor creates a topic in another department', revenueEditor, undefined, inSelfGov, false],
    [
      'editor of both departments moves a topic',
      staff(['editor'], ['local-revenue', 'local-self-government']),
      inRevenue,
      inSelfGov,
      true,
    ],
    ['admin changes anything', admin, inSelfGov, inRevenue, true],
    ['an operator of the department is no editor', revenueOperator, inRevenue, inRevenue, false],
    ['nothing before or after', admin, undefined, undefined, false],
  ])('%s', (_, who, before, after, expected) => {
    expect(canEditTopic(who, before, after)).toBe(expected);
  });
});

describe('canEditDepartment, canEditHealthMeasures, canEditAdminArea', () => {
  const content = loadSeedContent(); // the health-measures topic belongs to local-self-government
  it.each<[string, ReturnType<typeof staff>, boolean, boolean, boolean]>([
    // who, local-revenue entry, health measures, menu/texts/news
    ['revenue editor', revenueEditor, true, false, false],
    ['self-government editor', selfGovEditor, false, true, false],
    ['admin', admin, true, true, true],
    ['revenue operator', revenueOperator, false, false, false],
  ])('%s', (_, who, department, health, adminArea) => {
    expect(canEditDepartment(who, 'local-revenue')).toBe(department);
    expect(canEditHealthMeasures(who, content)).toBe(health);
    expect(canEditAdminArea(who)).toBe(adminArea);
  });

  it('leaves the health measures to the admin when no topic owns them', () => {
    const orphan = { topics: content.topics.filter((t) => t.id !== 'health-measures') };
    expect(canEditHealthMeasures(selfGovEditor, orphan)).toBe(false);
    expect(canEditHealthMeasures(admin, orphan)).toBe(true);
  });
});

describe('changesBeyondScope', () => {
  const before = loadSeedContent();
  const after: Content = {
    ...before,
    topics: before.topics.map((t) => (t.id === 'greeting' ? { ...t, department: 'local-revenue' } : t)),
  };
  const changes: ContentChange[] = [
    { area: 'topic', id: 'property-tax', change: 'changed', fields: ['answer'] },
    { area: 'topic', id: 'greeting', change: 'changed', fields: ['department'] },
    { area: 'topic', id: 'new-revenue-topic', change: 'added' },
    { area: 'department', id: 'local-revenue', change: 'changed', fields: ['phones'] },
    { area: 'health-measures', id: 'health-measures', change: 'changed', fields: ['text'] },
    { area: 'menu', id: 'menu', change: 'changed', fields: ['main'] },
    { area: 'texts', id: 'texts', change: 'changed', fields: ['greeting'] },
    { area: 'news', id: 'newsUrl', change: 'changed' },
  ];
  const withNewTopic: Content = {
    ...after,
    topics: [...after.topics, { ...after.topics[0], id: 'new-revenue-topic', department: 'local-revenue' }],
  };

  it('lets an admin publish everything', () => {
    expect(changesBeyondScope(admin, changes, before, withNewTopic)).toEqual([]);
  });

  it("lists what an editor may not publish: other departments' things and the admin's areas", () => {
    expect(
      changesBeyondScope(revenueEditor, changes, before, withNewTopic).map((c) => `${c.area}:${c.id}`),
    ).toEqual([
      'topic:greeting',
      'health-measures:health-measures',
      'menu:menu',
      'texts:texts',
      'news:newsUrl',
    ]);
    expect(
      changesBeyondScope(selfGovEditor, changes, before, withNewTopic).map((c) => `${c.area}:${c.id}`),
    ).toEqual([
      'topic:property-tax',
      'topic:greeting',
      'topic:new-revenue-topic',
      'department:local-revenue',
      'menu:menu',
      'texts:texts',
      'news:newsUrl',
    ]);
  });

  it('judges a removed topic by the department it had', () => {
    const removed: ContentChange = { area: 'topic', id: 'property-tax', change: 'removed' };
    const without = { ...before, topics: before.topics.filter((t) => t.id !== 'property-tax') };
    expect(mayMakeChange(revenueEditor, removed, before, without)).toBe(true);
    expect(mayMakeChange(selfGovEditor, removed, before, without)).toBe(false);
  });
});
