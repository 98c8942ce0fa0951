import { StaffClaims } from '@citizen-desk/auth';

export interface RollbackContentCommand {
  staff: StaffClaims;
  toVersion: number;
  note: string | null;
}
