import { StaffSessionRevoker } from '@citizen-desk/auth';
import { Injectable } from '@nestjs/common';
import { StaffAccountRejected } from '../../staff-account.decide';
import { StaffAccountStore } from '../../staff-account.store';
import { StaffAccountView } from '../../staff-account.views';
import { StaffAccountsRepository } from '../../staff-accounts.repository';
import { GetStaffAccount } from '../get-staff-account/get-staff-account.usecase';
import { UpdateStaffAccountCommand } from './update-staff-account.command';

/**
 * Changes name, roles or departments, or (de)activates; never so that no active admin is left. A
 * change of roles or departments, or a deactivation, revokes the account's tokens: every service
 * refuses them within seconds, and the person signs in again with what they may do now.
 */
@Injectable()
export class UpdateStaffAccount {
  constructor(
    private readonly repo: StaffAccountsRepository,
    private readonly store: StaffAccountStore,
    private readonly getAccount: GetStaffAccount,
    private readonly sessions: StaffSessionRevoker,
    private readonly now: () => Date,
  ) {}

  async execute({ id, changes, by }: UpdateStaffAccountCommand): Promise<StaffAccountView> {
    const current = await this.repo.findById(id);
    if (!current) throw new StaffAccountRejected('not-found', `no staff account ${id}`);
    const losesAdmin =
      (changes.roles !== undefined && !changes.roles.includes('admin')) || changes.active === false;
    if (
      current.active &&
      current.roles.includes('admin') &&
      losesAdmin &&
      (await this.repo.countActiveAdminsOtherThan(id)) === 0
    ) {
      throw new StaffAccountRejected(
        'last-admin',
        'this is the last active admin; make someone else admin first',
      );
    }
    const now = this.now();
    const at = now.toISOString();
    const { active, ...profile } = changes;
    if (Object.keys(profile).length > 0) {
      const events = await this.store.handle(id, {
        type: 'ChangeStaffProfile',
        changes: profile,
        by: by.sub,
        at,
      });
      const access = (x: { roles: string[]; departments: string[] }) =>
        JSON.stringify([x.roles, x.departments]);
      const changedAccess = events.some(
        (e) => e.type === 'StaffProfileChanged' && access(e.data) !== access(current),
      );
      if (changedAccess) await this.sessions.revokeStaff(id, 'roles-changed', now, by.sub);
    }
    if (active === false) {
      await this.store.handle(id, { type: 'DeactivateStaffAccount', by: by.sub, at });
      await this.sessions.revokeStaff(id, 'deactivated', now, by.sub);
    }
    if (active === true) await this.store.handle(id, { type: 'ReactivateStaffAccount', by: by.sub, at });
    return this.getAccount.execute({ id });
  }
}
