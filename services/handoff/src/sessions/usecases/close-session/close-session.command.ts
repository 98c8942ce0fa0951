import { StaffClaims } from '@citizen-desk/auth';

export interface CloseSessionCommand {
  staff: StaffClaims;
  sessionId: string;
  resolution?: string;
}
