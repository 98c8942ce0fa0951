import { hashPassword } from '@citizen-desk/auth';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { assertAcceptablePassword } from '../../acceptable-password';
import { StaffAccountRejected } from '../../staff-account.decide';
import { StaffAccountStore } from '../../staff-account.store';
import { StaffAccountView } from '../../staff-account.views';
import { GetStaffAccount } from '../get-staff-account/get-staff-account.usecase';
import { CreateStaffAccountCommand } from './create-staff-account.command';

function uniqueViolationOf(e: unknown): string | undefined {
  const err = (e as { driverError?: { code?: string; constraint?: string } })?.driverError;
  return err?.code === '23505' ? (err.constraint ?? '') : undefined;
}

@Injectable()
export class CreateStaffAccount {
  constructor(
    private readonly store: StaffAccountStore,
    private readonly getAccount: GetStaffAccount,
    private readonly now: () => Date,
  ) {}

  async execute(command: CreateStaffAccountCommand): Promise<StaffAccountView> {
    const { email, password, name, roles, departments, by, staffId = randomUUID() } = command;
    assertAcceptablePassword(password, { email, name });
    const passwordHash = await hashPassword(password);
    try {
      await this.store.handle(staffId, {
        type: 'CreateStaffAccount',
        staffId,
        email,
        passwordHash,
        profile: { name, roles, departments },
        by: by?.sub ?? null,
        at: this.now().toISOString(),
      });
    } catch (e) {
      // The read model's unique index is what keeps one account per email across concurrent creations.
      if (uniqueViolationOf(e) === 'staff_accounts_email_unique')
        throw new StaffAccountRejected('email-taken', `a staff account with email ${email} already exists`);
      throw e;
    }
    return this.getAccount.execute({ id: staffId });
  }
}
