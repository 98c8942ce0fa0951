import { StaffClaims } from '@citizen-desk/auth';

export interface AddNoteCommand {
  staff: StaffClaims;
  sessionId: string;
  text: string;
}
