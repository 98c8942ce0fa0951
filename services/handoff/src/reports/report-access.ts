import { canActInDepartment, StaffClaims } from '@citizen-desk/auth';
import { ReportRejected } from './report.decide';

/** Staff act on their departments' reports only; an admin on all. */
export function assertInDepartment(staff: StaffClaims, reference: string, department: string): void {
  if (!canActInDepartment(staff, department))
    throw new ReportRejected('other-department', `report ${reference} belongs to ${department}`);
}
