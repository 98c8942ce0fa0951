import { hashPassword, issueStaffToken, staffTokenExpiry, verifyPassword } from '@citizen-desk/auth';
import { Logger } from '@citizen-desk/observability';
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AFTER_SUCCESSFUL_LOGIN, afterFailedLogin, isLocked } from '../../login-lockout';
import { StaffAccountRejected } from '../../staff-account.decide';
import { StaffView, staffViewOf } from '../../staff-account.views';
import { StaffAccountsRepository } from '../../staff-accounts.repository';
import { LoginCommand } from './login.command';

/** One message for every failed login, so the answer never tells whether an email has an account. */
export const LOGIN_FAILED =
  'wrong email or password (after 5 wrong attempts an account is locked for 15 minutes)';

export interface LoginOptions {
  tokenSecret: string;
  tokenTtlSeconds: number;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  staff: StaffView;
}

const loginFailed = () => new StaffAccountRejected('login-failed', LOGIN_FAILED);

/** Sign-in: a bearer token for an active, unlocked account; repeated wrong passwords lock the account. */
@Injectable()
export class Login {
  /** Compared against when the email is unknown, so that a miss costs as long as a wrong password. */
  private readonly decoyHash: Promise<string> = hashPassword(randomBytes(16).toString('hex'));

  constructor(
    private readonly repo: StaffAccountsRepository,
    private readonly opts: LoginOptions,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {}

  async execute({ email, password }: LoginCommand): Promise<LoginResult> {
    const now = this.now();
    const account = await this.repo.findByEmail(email);
    const matches = await verifyPassword(password, account?.passwordHash ?? (await this.decoyHash));
    if (!account || !account.active || isLocked(account, now)) throw loginFailed();
    if (!matches) {
      const after = await this.repo.updateLoginFailures(account.id, (s) => afterFailedLogin(s, now));
      if (isLocked(after, now))
        this.logger.warn({ staffId: account.id }, 'staff account locked after repeated wrong passwords');
      throw loginFailed();
    }
    // A lock set by concurrent wrong attempts since the read above still wins.
    const after = await this.repo.updateLoginFailures(account.id, (s) =>
      isLocked(s, now) ? s : AFTER_SUCCESSFUL_LOGIN,
    );
    if (isLocked(after, now)) throw loginFailed();
    const staff = staffViewOf(account);
    const token = await issueStaffToken(
      {
        sub: staff.id,
        email: staff.email,
        name: staff.name,
        roles: staff.roles,
        departments: staff.departments,
      },
      this.opts.tokenSecret,
      this.opts.tokenTtlSeconds,
      now,
    );
    return { token, expiresAt: staffTokenExpiry(this.opts.tokenTtlSeconds, now).toISOString(), staff };
  }
}
