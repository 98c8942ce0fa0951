import { StaffRole } from '@citizen-desk/auth';
import { isLocked } from './login-lockout';
import { StaffAccountRow } from './staff-accounts.repository';

/** A staff member as a token names them. */
export interface StaffView {
  id: string;
  email: string;
  name: string;
  roles: StaffRole[];
  departments: string[];
}

/** A staff account as an admin sees it. */
export interface StaffAccountView extends StaffView {
  active: boolean;
  lockedUntil: string | null;
  /** The holder has not yet chosen their own password (new account, or reset by an admin). */
  mustChangePassword: boolean;
  updatedAt: string;
}

export function staffViewOf(row: StaffAccountRow): StaffView {
  return { id: row.id, email: row.email, name: row.name, roles: row.roles, departments: row.departments };
}

export function staffAccountViewOf(row: StaffAccountRow, now: Date): StaffAccountView {
  return {
    ...staffViewOf(row),
    active: row.active,
    lockedUntil: isLocked(row, now) ? row.lockedUntil!.toISOString() : null,
    mustChangePassword: row.mustChangePassword,
    updatedAt: row.updatedAt.toISOString(),
  };
}
