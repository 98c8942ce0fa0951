import { StaffClaims } from '@citizen-desk/auth';

export interface ChangeStaffPasswordCommand {
  id: string;
  password: string;
  /** Required when staff change their own password; an admin setting someone's needs none. */
  currentPassword?: string;
  by: StaffClaims;
}
