import { StaffClaims } from '@citizen-desk/auth';

export interface SetAvailabilityCommand {
  staff: StaffClaims;
  available: boolean;
}
