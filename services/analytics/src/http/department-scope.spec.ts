import { departmentsInScope, withoutOperatorsUnlessSupervisor } from './department-scope';

const official = { roles: ['official' as const], departments: ['finance'] };
const admin = { roles: ['admin' as const], departments: [] };

describe('department scope of figures', () => {
  it.each<[string, typeof official | typeof admin, string | undefined, string[] | null | 'forbidden']>([
    ['an official, no department asked', official, undefined, ['finance']],
    ['an official, their department', official, 'finance', ['finance']],
    ['an official, another department', official, 'tourism', 'forbidden'],
    ['an admin, no department asked', admin, undefined, null],
    ['an admin, any department', admin, 'tourism', ['tourism']],
  ])('%s', (_who, staff, requested, expected) => {
    if (expected === 'forbidden') expect(() => departmentsInScope(staff, requested)).toThrow(/not a member/);
    else expect(departmentsInScope(staff, requested)).toEqual(expected);
  });

  it('folds operators into their department, averages weighted by their counts, for non-supervisors', () => {
    const start = '2026-03-29T00:00:00.000Z';
    const result = {
      figure: 'handoff',
      timeZone: 'Europe/Podgorica',
      rows: [
        {
          start,
          department: 'finance',
          operator: null,
          operatorName: null,
          queued: 3,
          assigned: 0,
          averageWaitSeconds: null,
        },
        {
          start,
          department: 'finance',
          operator: 'op-1',
          operatorName: 'Ana',
          queued: 0,
          assigned: 1,
          averageWaitSeconds: 60,
        },
        {
          start,
          department: 'finance',
          operator: 'op-2',
          operatorName: 'Ivo',
          queued: 0,
          assigned: 3,
          averageWaitSeconds: 20,
        },
      ],
    };
    expect(withoutOperatorsUnlessSupervisor(official, result).rows).toEqual([
      expect.objectContaining({
        operator: null,
        operatorName: null,
        queued: 3,
        assigned: 4,
        averageWaitSeconds: 30,
      }),
    ]);
    const supervisor = { roles: ['official' as const, 'supervisor' as const], departments: ['finance'] };
    expect(withoutOperatorsUnlessSupervisor(supervisor, result).rows).toHaveLength(3);
  });
});
