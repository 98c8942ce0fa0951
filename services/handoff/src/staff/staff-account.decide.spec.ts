import { DomainError } from '@citizen-desk/contracts';
import {
  decideStaffAccount,
  evolveStaffAccount,
  initialStaffAccountState,
  mustChangePasswordAfter,
  StaffAccountCommand,
  StaffAccountRejected,
  StaffAccountState,
} from './staff-account.decide';
import { StaffAccountEvent } from './staff-account.events';

const at = '2026-03-01T08:00:00.000Z';
const created: StaffAccountEvent = {
  type: 'StaffAccountCreated',
  data: {
    staffId: 's1',
    email: 'ana@budva.me',
    passwordHash: 'h1',
    name: 'Ana',
    roles: ['operator'],
    departments: ['tax'],
    createdBy: 'admin',
    at,
  },
};
const deactivated: StaffAccountEvent = {
  type: 'StaffAccountDeactivated',
  data: { staffId: 's1', changedBy: 'admin', at },
};

const given = (...events: StaffAccountEvent[]): StaffAccountState =>
  events.reduce(evolveStaffAccount, initialStaffAccountState());
const when = (state: StaffAccountState, command: StaffAccountCommand) => decideStaffAccount(command, state);

describe('staff account', () => {
  it('is created once, with a lower-case email and sorted, distinct roles and departments', () => {
    const events = when(given(), {
      type: 'CreateStaffAccount',
      staffId: 's1',
      email: ' Ana@Budva.ME ',
      passwordHash: 'h1',
      profile: { name: 'Ana', roles: ['operator', 'editor', 'operator'], departments: ['water', 'tax'] },
      by: 'admin',
      at,
    });
    expect(events).toEqual([
      {
        type: 'StaffAccountCreated',
        data: {
          staffId: 's1',
          email: 'ana@budva.me',
          passwordHash: 'h1',
          name: 'Ana',
          roles: ['editor', 'operator'],
          departments: ['tax', 'water'],
          createdBy: 'admin',
          at,
        },
      },
    ]);
    expect(given(...events)).toMatchObject({
      status: 'active',
      email: 'ana@budva.me',
      roles: ['editor', 'operator'],
    });
  });

  it('cannot be created twice', () => {
    const create: StaffAccountCommand = {
      type: 'CreateStaffAccount',
      staffId: 's1',
      email: 'a@b.c',
      passwordHash: 'h',
      profile: { name: 'A', roles: [], departments: [] },
      by: null,
      at,
    };
    expect(() => when(given(created), create)).toThrow(StaffAccountRejected);
  });

  it('must exist before anything else happens to it', () => {
    expect(() => when(given(), { type: 'DeactivateStaffAccount', by: 'admin', at })).toThrow(
      expect.objectContaining({ reason: 'not-found' }),
    );
  });

  it('changes its password', () => {
    const events = when(given(created), { type: 'ChangeStaffPassword', passwordHash: 'h2', by: 's1', at });
    expect(events).toEqual([
      { type: 'StaffPasswordChanged', data: { staffId: 's1', passwordHash: 'h2', changedBy: 's1', at } },
    ]);
    expect(given(created, ...events)).toMatchObject({ passwordHash: 'h2' });
  });

  it('records a profile change with the whole new profile, keeping what was not given', () => {
    const events = when(given(created), {
      type: 'ChangeStaffProfile',
      changes: { roles: ['supervisor', 'operator'] },
      by: 'admin',
      at,
    });
    expect(events).toEqual([
      {
        type: 'StaffProfileChanged',
        data: {
          staffId: 's1',
          name: 'Ana',
          roles: ['operator', 'supervisor'],
          departments: ['tax'],
          changedBy: 'admin',
          at,
        },
      },
    ]);
  });

  it('records nothing for a profile change that changes nothing', () => {
    expect(
      when(given(created), {
        type: 'ChangeStaffProfile',
        changes: { name: 'Ana', departments: ['tax', 'tax'] },
        by: 'admin',
        at,
      }),
    ).toEqual([]);
  });

  it('is deactivated and reactivated, each once', () => {
    expect(when(given(created), { type: 'DeactivateStaffAccount', by: 'admin', at })).toEqual([deactivated]);
    expect(when(given(created, deactivated), { type: 'DeactivateStaffAccount', by: 'admin', at })).toEqual(
      [],
    );
    expect(given(created, deactivated).status).toBe('deactivated');
    const reactivated = when(given(created, deactivated), {
      type: 'ReactivateStaffAccount',
      by: 'admin',
      at,
    });
    expect(reactivated).toEqual([
      { type: 'StaffAccountReactivated', data: { staffId: 's1', changedBy: 'admin', at } },
    ]);
    expect(given(created, deactivated, ...reactivated).status).toBe('active');
    expect(when(given(created), { type: 'ReactivateStaffAccount', by: 'admin', at })).toEqual([]);
  });

  it('is erased only once deactivated, then forgets its holder and refuses every change', () => {
    const erase: StaffAccountCommand = { type: 'EraseStaffAccount', at };
    expect(when(given(created), erase)).toEqual([]);
    const erasedEvents = when(given(created, deactivated), erase);
    expect(erasedEvents).toEqual([{ type: 'StaffAccountErased', data: { staffId: 's1', at } }]);
    const erased = given(created, deactivated, ...erasedEvents);
    expect(erased).toMatchObject({ status: 'erased', staffId: 's1', roles: ['operator'] });
    expect(JSON.stringify(erased)).not.toMatch(/Ana|ana@budva\.me|h1/);
    expect(when(erased, erase)).toEqual([]);
    expect(() => when(erased, { type: 'ReactivateStaffAccount', by: 'admin', at })).toThrow(
      expect.objectContaining({ reason: 'erased', kind: 'conflict' }),
    );
  });

  it('ignores event types it does not know', () => {
    const state = given(created);
    expect(evolveStaffAccount(state, { type: 'StaffAvatarChanged', data: {} })).toBe(state);
  });

  it.each<[StaffAccountRejected['reason'], StaffAccountRejected['kind']]>([
    ['already-exists', 'conflict'],
    ['not-found', 'not-found'],
    ['last-admin', 'conflict'],
    ['weak-password', 'invalid'],
    ['wrong-current-password', 'forbidden'],
    ['same-password', 'invalid'],
    ['login-failed', 'unauthorized'],
  ])('refuses for %s as a %s domain error', (reason, kind) => {
    const refusal = new StaffAccountRejected(reason, 'refused');
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ name: 'StaffAccountRejected', reason, kind });
  });

  it('asks for a new password when someone else chose it, and no more once the holder did', () => {
    const password = (changedBy: string): StaffAccountEvent => ({
      type: 'StaffPasswordChanged',
      data: { staffId: 's1', passwordHash: 'h2', changedBy, at },
    });
    expect(mustChangePasswordAfter(created)).toBe(true);
    expect(mustChangePasswordAfter(password('admin'))).toBe(true);
    expect(mustChangePasswordAfter(password('s1'))).toBe(false);
    // The first admin, from the installation's configuration, was created by no one.
    expect(mustChangePasswordAfter({ ...created, data: { ...created.data, createdBy: null } })).toBe(false);
    expect(mustChangePasswordAfter(deactivated)).toBeUndefined();
  });
});
