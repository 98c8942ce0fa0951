import { staffClaimsSchema, staffRoleSchema } from './staff-role';

describe('staffRoleSchema', () => {
  it.each(['operator', 'supervisor', 'editor', 'official', 'admin'])('accepts %s', (role) => {
    expect(staffRoleSchema.parse(role)).toBe(role);
  });
  it('rejects an unknown role', () => {
    expect(staffRoleSchema.safeParse('root').success).toBe(false);
  });
});

describe('staffClaimsSchema', () => {
  it('rejects claims with an unknown role', () => {
    const claims = { sub: 'a', email: 'a@b.c', name: 'A', roles: ['superuser'], departments: [] };
    expect(staffClaimsSchema.safeParse(claims).success).toBe(false);
  });
});
