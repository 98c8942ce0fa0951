import { StaffRole } from '@citizen-desk/auth';

/**
 * The events of one staff account (stream `staff-<id>`). Internal to the handoff service: they are
 * appended with `publish: false`, so password hashes stay in this service's schema and never reach
 * the bus.
 */
export interface StaffProfile {
  name: string;
  roles: StaffRole[];
  departments: string[];
}

export type StaffAccountEvent =
  | {
      type: 'StaffAccountCreated';
      data: {
        staffId: string;
        email: string;
        passwordHash: string;
        createdBy: string | null;
        at: string;
      } & StaffProfile;
    }
  | {
      type: 'StaffPasswordChanged';
      data: { staffId: string; passwordHash: string; changedBy: string; at: string };
    }
  | { type: 'StaffPasswordHashUpgraded'; data: { staffId: string; passwordHash: string; at: string } }
  | { type: 'StaffProfileChanged'; data: { staffId: string; changedBy: string; at: string } & StaffProfile }
  | { type: 'StaffAccountDeactivated'; data: { staffId: string; changedBy: string; at: string } }
  | { type: 'StaffAccountReactivated'; data: { staffId: string; changedBy: string; at: string } }
  /**
   * STAFF_ACCOUNT_RETENTION_DAYS after it was deactivated, the holder's name, e-mail and password hash
   * went (from this stream's earlier events too); the id and roles stay for campaigns and audit records.
   * Final: an erased account is never reactivated.
   */
  | { type: 'StaffAccountErased'; data: { staffId: string; at: string } };

export type StaffAccountEventType = StaffAccountEvent['type'];
export const STAFF_EVENT_VERSION = 1;

export function staffStreamId(staffId: string): string {
  return `staff-${staffId}`;
}
