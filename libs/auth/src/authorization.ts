import { StaffClaims, StaffRole } from './staff-role';

type Holder = Pick<StaffClaims, 'roles' | 'departments'>;

/** True when the staff member has any of `roles`; an admin has every role. No roles asked: any staff member. */
export function hasRole(claims: Pick<StaffClaims, 'roles'>, ...roles: StaffRole[]): boolean {
  if (claims.roles.includes('admin')) return true;
  if (roles.length === 0) return true;
  return roles.some((r) => claims.roles.includes(r));
}

/**
 * Whether the staff member may act on a department's things (its queue, its content, its notices).
 * Admins act everywhere; everyone else, officials included, only in the departments they belong to:
 * membership, not seniority, is what scopes access (a supervisor supervises their own departments).
 */
export function canActInDepartment(claims: Holder, departmentId: string): boolean {
  if (claims.roles.includes('admin')) return true;
  return departmentId.length > 0 && claims.departments.includes(departmentId);
}

/** `hasRole` and `canActInDepartment` together: the usual check before touching a department's thing. */
export function canActAs(claims: Holder, departmentId: string, ...roles: StaffRole[]): boolean {
  return hasRole(claims, ...roles) && canActInDepartment(claims, departmentId);
}
