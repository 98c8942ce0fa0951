import { StaffClaims } from '@citizen-desk/auth';
import { SessionRow } from '../../sessions.repository';

export interface ListSessionsCommand {
  staff: StaffClaims;
  status: SessionRow['status'];
}
