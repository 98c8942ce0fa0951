import { StaffClaims } from '@citizen-desk/auth';

export interface GetSessionDetailCommand {
  staff: StaffClaims;
  sessionId: string;
}
