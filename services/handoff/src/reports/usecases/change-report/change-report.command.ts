import { StaffClaims } from '@citizen-desk/auth';

/** What a staff member may do to a report. */
export type StaffReportChange =
  | {
      type: 'ChangeReportStatus';
      status: 'in-progress' | 'resolved' | 'not-our-responsibility';
      note: string;
    }
  | { type: 'MarkReportDuplicate'; duplicateOf: string; note: string }
  | { type: 'ReassignReport'; category: string; reason?: string }
  /** Approve (or withdraw) publication on Open311, when the citizen agreed to it. */
  | { type: 'ChangeReportPublication'; published: boolean };

export interface ChangeReportCommand {
  reference: string;
  change: StaffReportChange;
  staff: StaffClaims;
}
