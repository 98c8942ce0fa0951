import { StaffClaims } from '@citizen-desk/auth';

/** To a department (its queue), to an operator, or to an operator in a given department. */
export interface TransferSessionCommand {
  staff: StaffClaims;
  sessionId: string;
  department?: string;
  operatorId?: string;
}
