import { StaffClaims } from '@citizen-desk/auth';

export interface PublishContentDraftCommand {
  staff: StaffClaims;
  note: string | null;
}
