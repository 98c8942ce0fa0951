import { StaffRole } from '@citizen-desk/auth';
import { DomainError, DomainErrorKind, ERASED } from '@citizen-desk/contracts';
import { StaffAccountEvent, StaffProfile } from './staff-account.events';

export type StaffAccountState =
  | { status: 'none' }
  | ({
      status: 'active' | 'deactivated' | 'erased';
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
  | { type: 'UpgradeStaffPasswordHash'; passwordHash: string; at: string }
  | { type: 'ChangeStaffProfile'; changes: Partial<StaffProfile>; by: string; at: string }
  | { type: 'DeactivateStaffAccount'; by: string; at: string }
  | { type: 'ReactivateStaffAccount'; by: string; at: string }
  | { type: 'EraseStaffAccount'; at: string };

const KIND_OF_REASON = {
  'already-exists': 'conflict',
  'not-found': 'not-found',
  'email-taken': 'conflict',
  'last-admin': 'conflict',
  'weak-password': 'invalid',
  'current-password-required': 'invalid',
  'wrong-current-password': 'forbidden',
  'not-own-account': 'forbidden',
  'same-password': 'invalid',
  // A locked account is refused like a wrong password: the answer to a sign-in never tells whether an
  // email has an account, or whether it is locked.
  'login-failed': 'unauthorized',
  'too-many-logins': 'too-many',
  erased: 'conflict',
} as const satisfies Record<string, DomainErrorKind>;

export type StaffAccountRejectedReason = keyof typeof KIND_OF_REASON;

/** A refused staff account command; the reason decides the kind, so the two never disagree. */
export class StaffAccountRejected extends DomainError {
  readonly kind: DomainErrorKind;
  declare readonly reason: StaffAccountRejectedReason;

  constructor(reason: StaffAccountRejectedReason, message: string, details: Record<string, unknown> = {}) {
    super(reason, message, details);
    this.kind = KIND_OF_REASON[reason];
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
    case 'StaffPasswordHashUpgraded':
      return state.status === 'none' ? state : { ...state, passwordHash: e.data.passwordHash };
    case 'StaffProfileChanged':
      return state.status === 'none'
        ? state
        : { ...state, name: e.data.name, roles: e.data.roles, departments: e.data.departments };
    case 'StaffAccountDeactivated':
      return state.status === 'none' ? state : { ...state, status: 'deactivated' };
    case 'StaffAccountReactivated':
      return state.status === 'none' ? state : { ...state, status: 'active' };
    case 'StaffAccountErased':
      return state.status === 'none'
        ? state
        : { ...state, status: 'erased', email: '', name: ERASED, passwordHash: '' };
    default:
      // Events of a later version of this service that this one does not know: ignore, do not fail.
      return state;
  }
}

/**
 * Whether, after this event, the holder must choose a new password before anything else: yes when
 * someone else chose it (an admin creating the account or resetting it), no once the holder chose it.
 * The first admin (created by no one, from the installation's configuration) is not asked.
 * Undefined: the event does not touch the password.
 */
export function mustChangePasswordAfter(event: StaffAccountEvent): boolean | undefined {
  switch (event.type) {
    case 'StaffAccountCreated':
      return event.data.createdBy !== null && event.data.createdBy !== event.data.staffId;
    case 'StaffPasswordChanged':
      return event.data.changedBy !== event.data.staffId;
    default:
      return undefined;
  }
}

/** The events a command leads to; none when it changes nothing (so repeating a request is harmless). */
export function decideStaffAccount(
  command: StaffAccountCommand,
  state: StaffAccountState,
): StaffAccountEvent[] {
  if (command.type === 'CreateStaffAccount') {
    if (state.status !== 'none')
      throw new StaffAccountRejected('already-exists', `staff account ${state.staffId} already exists`);
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
  if (state.status === 'none') throw new StaffAccountRejected('not-found', 'no such staff account');
  const { staffId } = state;
  if (command.type === 'EraseStaffAccount')
    // Only a deactivated account; one reactivated meanwhile, or erased already, is left as it is.
    return state.status === 'deactivated'
      ? [{ type: 'StaffAccountErased', data: { staffId, at: command.at } }]
      : [];
  if (state.status === 'erased')
    throw new StaffAccountRejected('erased', `staff account ${staffId} was erased after its deactivation`);
  switch (command.type) {
    case 'ChangeStaffPassword':
      return [
        {
          type: 'StaffPasswordChanged',
          data: { staffId, passwordHash: command.passwordHash, changedBy: command.by, at: command.at },
        },
      ];
    case 'UpgradeStaffPasswordHash':
      // The same password under stronger parameters: sessions stay valid, nothing is revoked.
      return [
        {
          type: 'StaffPasswordHashUpgraded',
          data: { staffId, passwordHash: command.passwordHash, at: command.at },
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
