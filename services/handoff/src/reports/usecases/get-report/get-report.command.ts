import { StaffClaims } from '@citizen-desk/auth';

export interface GetReportCommand {
  reference: string;
  staff: StaffClaims;
}
