import { StaffClaims } from '@citizen-desk/auth';

export interface LinkViberAccountCommand {
  staff: StaffClaims;
}
