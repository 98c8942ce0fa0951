import { canActAs, canActInDepartment, hasRole } from './authorization';
import { StaffRole } from './staff-role';

const staff = (roles: StaffRole[], departments: string[] = []) => ({ roles, departments });

describe('hasRole', () => {
  it.each<[StaffRole[], StaffRole[], boolean]>([
    [['operator'], ['operator'], true],
    [['operator'], ['editor'], false],
    [['operator', 'editor'], ['editor'], true],
    [['editor'], ['supervisor', 'editor'], true],
    [['admin'], ['operator'], true],
    [['admin'], ['official'], true],
    [['official'], ['admin'], false],
    [['supervisor'], ['operator'], false],
    [[], ['operator'], false],
    [[], [], true],
  ])('%j asking for %j -> %s', (held, asked, expected) => {
    expect(hasRole(staff(held), ...asked)).toBe(expected);
  });
});

describe('canActInDepartment', () => {
  it.each<[StaffRole[], string[], string, boolean]>([
    [['admin'], [], 'tax', true],
    [['operator'], ['tax'], 'tax', true],
    [['operator'], ['tax'], 'water', false],
    [['supervisor'], ['tax', 'water'], 'water', true],
    [['supervisor'], ['tax'], 'water', false],
    [['official'], [], 'tax', false],
    [['official'], ['tax'], 'tax', true],
    [['editor'], ['tax'], '', false],
  ])('%j of %j in %s -> %s', (roles, departments, department, expected) => {
    expect(canActInDepartment(staff(roles, departments), department)).toBe(expected);
  });
});

describe('canActAs', () => {
  it('needs both the role and the department', () => {
    expect(canActAs(staff(['editor'], ['tax']), 'tax', 'editor')).toBe(true);
    expect(canActAs(staff(['editor'], ['tax']), 'water', 'editor')).toBe(false);
    expect(canActAs(staff(['operator'], ['tax']), 'tax', 'editor')).toBe(false);
    expect(canActAs(staff(['admin']), 'water', 'editor')).toBe(true);
  });
});
