import { StaffRole } from '@citizen-desk/auth';
import { StaffAccountEvent, StaffProfile } from './staff-account.events';

export type StaffAccountState =
  | { status: 'none' }
  | ({
      status: 'active' | 'deactivated';
      staffId: string;
      email: string;
      passwordHash: string;
    } & StaffProfile);

export const initialStaffAccountState = (): StaffAccountState => ({ status: 'none' });

export type StaffAccountCommand =
  | {
      type: 'CreateStaffAccount';
      staffId: string;
      email: string;
      passwordHash: string;
      profile: StaffProfile;
      by: string | null;
      at: string;
    }
  | { type: 'ChangeStaffPassword'; passwordHash: string; by: string; at: string }
  | { type: 'ChangeStaffProfile'; changes: Partial<StaffProfile>; by: string; at: string }
  | { type: 'DeactivateStaffAccount'; by: string; at: string }
  | { type: 'ReactivateStaffAccount'; by: string; at: string };

export class StaffAccountError extends Error {
  constructor(
    readonly reason: 'already-exists' | 'not-found',
    message: string,
  ) {
    super(message);
    this.name = 'StaffAccountError';
  }
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);
/** Roles and departments are sets: stored sorted and without repeats, so "no change" is recognisable. */
export const normalisedSet = <T extends string>(items: readonly T[]): T[] => [...new Set(items)].sort();

export function evolveStaffAccount(
  state: StaffAccountState,
  event: StaffAccountEvent | { type: string; data: unknown },
): StaffAccountState {
  const e = event as StaffAccountEvent;
  switch (e.type) {
    case 'StaffAccountCreated':
      return {
        status: 'active',
        staffId: e.data.staffId,
        email: e.data.email,
        passwordHash: e.data.passwordHash,
        name: e.data.name,
        roles: e.data.roles,
        departments: e.data.departments,
      };
    case 'StaffPasswordChanged':
      return state.status === 'none' ? state : { ...state, passwordHash: e.data.passwordHash };
    case 'StaffProfileChanged':
      return state.status === 'none'
        ? state
        : { ...state, name: e.data.name, roles: e.data.roles, departments: e.data.departments };
    case 'StaffAccountDeactivated':
      return state.status === 'none' ? state : { ...state, status: 'deactivated' };
    case 'StaffAccountReactivated':
      return state.status === 'none' ? state : { ...state, status: 'active' };
    default:
      // Events of a later version of this service that this one does not know: ignore, do not fail.
      return state;
  }
}

/** The events a command leads to; none when it changes nothing (so repeating a request is harmless). */
export function decideStaffAccount(
  command: StaffAccountCommand,
  state: StaffAccountState,
): StaffAccountEvent[] {
  if (command.type === 'CreateStaffAccount') {
    if (state.status !== 'none')
      throw new StaffAccountError('already-exists', `staff account ${state.staffId} already exists`);
    return [
      {
        type: 'StaffAccountCreated',
        data: {
          staffId: command.staffId,
          email: command.email.trim().toLowerCase(),
          passwordHash: command.passwordHash,
          name: command.profile.name,
          roles: normalisedSet<StaffRole>(command.profile.roles),
          departments: normalisedSet(command.profile.departments),
          createdBy: command.by,
          at: command.at,
        },
      },
    ];
  }
  if (state.status === 'none') throw new StaffAccountError('not-found', 'no such staff account');
  const { staffId } = state;
  switch (command.type) {
    case 'ChangeStaffPassword':
      return [
        {
          type: 'StaffPasswordChanged',
          data: { staffId, passwordHash: command.passwordHash, changedBy: command.by, at: command.at },
        },
      ];
    case 'ChangeStaffProfile': {
      const next: StaffProfile = {
        name: command.changes.name ?? state.name,
        roles: command.changes.roles ? normalisedSet(command.changes.roles) : state.roles,
        departments: command.changes.departments
          ? normalisedSet(command.changes.departments)
          : state.departments,
      };
      const unchanged =
        next.name === state.name &&
        sameList(next.roles, state.roles) &&
        sameList(next.departments, state.departments);
      return unchanged
        ? []
        : [
            {
              type: 'StaffProfileChanged',
              data: { staffId, ...next, changedBy: command.by, at: command.at },
            },
          ];
    }
    case 'DeactivateStaffAccount':
      return state.status === 'deactivated'
        ? []
        : [{ type: 'StaffAccountDeactivated', data: { staffId, changedBy: command.by, at: command.at } }];
    case 'ReactivateStaffAccount':
      return state.status === 'active'
        ? []
        : [{ type: 'StaffAccountReactivated', data: { staffId, changedBy: command.by, at: command.at } }];
  }
}
