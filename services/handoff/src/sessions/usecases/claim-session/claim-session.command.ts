import { StaffClaims } from '@citizen-desk/auth';

export interface ClaimSessionCommand {
  staff: StaffClaims;
  sessionId: string;
}
