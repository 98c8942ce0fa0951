import { StaffClaims } from '@citizen-desk/auth';
import { StaffProfile } from '../../staff-account.events';

export interface UpdateStaffAccountCommand {
  id: string;
  /** Profile changes, and `active` to deactivate or reactivate. */
  changes: Partial<StaffProfile> & { active?: boolean };
  by: StaffClaims;
}
