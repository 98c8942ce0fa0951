import { StaffClaims } from '@citizen-desk/auth';

/** What a staff member may do to a report. */
export type StaffReportChange =
  | {
      type: 'ChangeReportStatus';
      status: 'in-progress' | 'resolved' | 'not-our-responsibility';
      note: string;
    }
  | { type: 'MarkReportDuplicate'; duplicateOf: string; note: string }
  | { type: 'ReassignReport'; category: string; reason?: string };

export interface ChangeReportCommand {
  reference: string;
  change: StaffReportChange;
  staff: StaffClaims;
}
