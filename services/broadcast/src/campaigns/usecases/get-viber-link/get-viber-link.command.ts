import { StaffClaims } from '@citizen-desk/auth';

export interface GetViberLinkCommand {
  staff: StaffClaims;
}
