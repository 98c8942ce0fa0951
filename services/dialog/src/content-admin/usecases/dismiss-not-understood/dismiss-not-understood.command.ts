import { StaffClaims } from '@citizen-desk/auth';

export interface DismissNotUnderstoodCommand {
  staff: StaffClaims;
  /** The inbox's text of the question. */
  question: string;
}
