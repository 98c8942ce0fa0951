import { StaffClaims } from '@citizen-desk/auth';
import { ReportFilter } from '../../reports.repository';

export interface ListReportsCommand {
  /** `department`: the departments asked for; only the staff member's own are listed of them. */
  filter: Omit<ReportFilter, 'departments'> & { department?: string[] };
  staff: StaffClaims;
}
