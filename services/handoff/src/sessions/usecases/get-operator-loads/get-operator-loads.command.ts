import { StaffClaims } from '@citizen-desk/auth';

export interface GetOperatorLoadsCommand {
  staff: StaffClaims;
}
