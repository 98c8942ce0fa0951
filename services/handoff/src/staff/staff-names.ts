import { StaffClaims } from '@citizen-desk/auth';
import { StaffAccountRow } from './staff-accounts.repository';

/** A colleague's name, as other services' records (a campaign's author, approver) show it. */
export interface StaffName {
  id: string;
  name: string;
}

/** Ids asked for at once: a page of campaigns names a few dozen people at most. */
export const MAX_STAFF_NAME_IDS = 100;

type Account = Pick<StaffAccountRow, 'id' | 'name' | 'roles' | 'departments'>;

/**
 * Whose name a staff member may read: their own, their departments' colleagues', and admins' (who act
 * in every department, so may have written or approved anything the caller sees). Admins read everyone's.
 * Only the name: e-mail, roles and departments stay the admins' business.
 */
export function namesVisibleTo(
  caller: Pick<StaffClaims, 'sub' | 'roles' | 'departments'>,
  accounts: Account[],
) {
  const isAdmin = caller.roles.includes('admin');
  return accounts
    .filter(
      (a) =>
        isAdmin ||
        a.id === caller.sub ||
        a.roles.includes('admin') ||
        a.departments.some((d) => caller.departments.includes(d)),
    )
    .map((a): StaffName => ({ id: a.id, name: a.name }));
}
