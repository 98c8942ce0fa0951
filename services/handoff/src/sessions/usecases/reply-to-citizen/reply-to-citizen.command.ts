import { StaffClaims } from '@citizen-desk/auth';

/** Either a text or the id of a saved reply (sent in the session's language). */
export interface ReplyToCitizenCommand {
  staff: StaffClaims;
  sessionId: string;
  text?: string;
  savedReplyId?: string;
}
