import { hashPassword, hasRole, StaffSessionRevoker, verifyPassword } from '@citizen-desk/auth';
import { Injectable } from '@nestjs/common';
import { assertAcceptablePassword } from '../../acceptable-password';
import { StaffAccountRejected } from '../../staff-account.decide';
import { StaffAccountStore } from '../../staff-account.store';
import { StaffAccountsRepository } from '../../staff-accounts.repository';
import { ChangeStaffPasswordCommand } from './change-staff-password.command';

/**
 * An admin sets anyone's password; anyone else only their own, proving the current one. Every token
 * of the account issued before the change is revoked (the caller's own too: they sign in again).
 */
@Injectable()
export class ChangeStaffPassword {
  constructor(
    private readonly repo: StaffAccountsRepository,
    private readonly store: StaffAccountStore,
    private readonly sessions: StaffSessionRevoker,
    private readonly now: () => Date,
  ) {}

  async execute({ id, password, currentPassword, by }: ChangeStaffPasswordCommand): Promise<void> {
    // A token that must first change its own password may do only that, even an admin's.
    const isAdmin = hasRole(by, 'admin') && !by.mustChangePassword;
    if (!isAdmin && by.sub !== id)
      throw new StaffAccountRejected(
        'not-own-account',
        'only an admin may change another staff member’s password',
      );
    const account = await this.repo.findById(id);
    if (!account) throw new StaffAccountRejected('not-found', `no staff account ${id}`);
    if (!isAdmin) {
      if (!currentPassword)
        throw new StaffAccountRejected(
          'current-password-required',
          'currentPassword is required to change your own password',
        );
      if (!(await verifyPassword(currentPassword, account.passwordHash)))
        throw new StaffAccountRejected('wrong-current-password', 'the current password is wrong');
    }
    assertAcceptablePassword(password, account);
    // Choosing one's own password means choosing another one than the one someone else gave.
    if (by.sub === id && account.mustChangePassword && (await verifyPassword(password, account.passwordHash)))
      throw new StaffAccountRejected(
        'same-password',
        'password: choose a password other than the one you were given',
      );
    const passwordHash = await hashPassword(password);
    const at = this.now();
    await this.store.handle(id, {
      type: 'ChangeStaffPassword',
      passwordHash,
      by: by.sub,
      at: at.toISOString(),
    });
    await this.sessions.revokeStaff(id, 'password-changed', at, by.sub);
  }
}
