import { StaffClaims } from '@citizen-desk/auth';
import { StaffProfile } from '../../staff-account.events';

export interface CreateStaffAccountCommand extends StaffProfile {
  email: string;
  password: string;
  /** The admin creating it; null when the service creates it itself (the first admin). */
  by: StaffClaims | null;
  /** A chosen id (the first admin's derives from its email); a random one otherwise. */
  staffId?: string;
}
