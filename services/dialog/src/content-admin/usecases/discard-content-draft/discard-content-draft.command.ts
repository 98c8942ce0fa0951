import { StaffClaims } from '@citizen-desk/auth';

export interface DiscardContentDraftCommand {
  staff: StaffClaims;
}
