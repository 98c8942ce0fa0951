import { Messages } from '../messages';

export const staffMessages: Messages<
  | 'status'
  | 'mustChange'
  | 'locked'
  | 'active'
  | 'temporaryPassword'
  | 'temporaryHint'
  | 'created'
  | 'reset'
  | 'knownDepartments'
  | 'rolesOf'
> = {
  en: {
    status: 'Status',
    mustChange: 'must choose a new password',
    locked: 'locked until {at}',
    active: 'active',
    temporaryPassword: 'Temporary password',
    temporaryHint:
      'Give it to the person; at their first sign-in they must choose their own before anything else.',
    created: 'Account created for {name}: they choose their own password at the first sign-in.',
    reset: 'Password of {name} reset: they choose a new one at their next sign-in.',
    knownDepartments: 'Departments in use: {list}',
    rolesOf: 'Roles of {name}',
  },
  cnr: {
    status: 'Stanje',
    mustChange: 'mora izabrati novu lozinku',
    locked: 'zaključan do {at}',
    active: 'aktivan',
    temporaryPassword: 'Privremena lozinka',
    temporaryHint: 'Dajte je osobi; pri prvoj prijavi mora izabrati svoju prije svega drugog.',
    created: 'Nalog za {name} je napravljen: svoju lozinku bira pri prvoj prijavi.',
    reset: 'Lozinka za {name} je promijenjena: novu bira pri sljedećoj prijavi.',
    knownDepartments: 'Službe u upotrebi: {list}',
    rolesOf: 'Uloge: {name}',
  },
};
