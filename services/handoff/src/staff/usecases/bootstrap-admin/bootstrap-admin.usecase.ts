import { passwordProblems } from '@citizen-desk/auth';
import { ConfigError } from '@citizen-desk/config';
import { deterministicId } from '@citizen-desk/contracts';
import { Logger } from '@citizen-desk/observability';
import { Injectable } from '@nestjs/common';
import { StaffAccountsRepository } from '../../staff-accounts.repository';
import { CreateStaffAccount } from '../create-staff-account/create-staff-account.usecase';
import { BootstrapAdminCommand } from './bootstrap-admin.command';

/**
 * Creates the first admin unless an account with that email exists (or existed: erased, it keeps its id). Replicas starting together
 * all aim at one stream (the id derives from the email), so exactly one append wins; the others
 * see the account and carry on.
 */
@Injectable()
export class BootstrapAdmin {
  constructor(
    private readonly repo: StaffAccountsRepository,
    private readonly createAccount: CreateStaffAccount,
    private readonly logger: Logger,
  ) {}

  async execute({ email, password }: BootstrapAdminCommand): Promise<'created' | 'exists'> {
    const normalised = email.trim().toLowerCase();
    const staffId = deterministicId(`staff-account:${normalised}`);
    // By id too: an admin erased after its deactivation no longer has the e-mail, and must not come back.
    const exists = async () =>
      Boolean((await this.repo.findByEmail(normalised)) ?? (await this.repo.findById(staffId)));
    if (await exists()) return 'exists';
    const chosen = password();
    // A policy-breaking password from the environment is a configuration mistake: the service stops.
    const problems = passwordProblems(chosen.password, { email: normalised });
    if (problems.length > 0)
      throw new ConfigError([`STAFF_ADMIN_PASSWORD: the password ${problems.join('; ')}`]);
    try {
      await this.createAccount.execute({
        email: normalised,
        password: chosen.password,
        name: 'Administrator',
        roles: ['admin'],
        departments: [],
        by: null,
        staffId,
      });
    } catch (e) {
      if (await exists()) return 'exists';
      throw e;
    }
    if (chosen.generated) {
      this.logger.warn(
        { email: normalised },
        `created the first admin ${normalised} with the generated password "${chosen.password}" — it is shown only this once; ` +
          'sign in and change it, or set STAFF_ADMIN_PASSWORD',
      );
    } else {
      this.logger.info({ email: normalised }, 'created the first admin account');
    }
    return 'created';
  }
}
