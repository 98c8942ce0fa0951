import { StaffClaims } from '@citizen-desk/auth';
import { ContentDraftEdit } from '../../content-draft-edit.decide';

export interface EditContentDraftCommand {
  staff: StaffClaims;
  edit: ContentDraftEdit;
}
