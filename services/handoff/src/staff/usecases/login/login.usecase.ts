import { hashNeedsUpgrade, hashPassword, StaffClaims, verifyPassword } from '@citizen-desk/auth';
import { Logger } from '@citizen-desk/observability';
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { LoginLimiter } from '../../login-throttle';
import { StaffAccountRejected } from '../../staff-account.decide';
import { StaffAccountStore } from '../../staff-account.store';
import { StaffView, staffViewOf } from '../../staff-account.views';
import { StaffAccountsRepository } from '../../staff-accounts.repository';
import { LoginCommand } from './login.command';

/** One message for every failed login, so the answer never tells whether an email has an account. */
export const LOGIN_FAILED =
  'wrong email or password (after 5 wrong attempts from one address, sign-in from there waits 15 minutes)';

/** Signs a token for a signed-in staff member (StaffTokenIssuer in the service). */
export interface StaffTokenSigner {
  issue(claims: StaffClaims, now: Date): Promise<{ token: string; expiresAt: Date }>;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  staff: StaffView;
  /** Someone else chose this password: the token serves only to choose a new one (then sign in again). */
  mustChangePassword: boolean;
}

const loginFailed = () => new StaffAccountRejected('login-failed', LOGIN_FAILED);

/**
 * Sign-in: a bearer token for an active account. Attempts are rate-limited per address and overall;
 * repeated wrong passwords lock the account for that address only. A hash made with weaker scrypt
 * parameters than today's is replaced once the password is known to be right.
 */
@Injectable()
export class Login {
  /** Compared against when the email is unknown, so that a miss costs as long as a wrong password. */
  private decoyHash?: Promise<string>;

  constructor(
    private readonly repo: StaffAccountsRepository,
    private readonly store: Pick<StaffAccountStore, 'handle'>,
    private readonly tokens: StaffTokenSigner,
    private readonly throttle: LoginLimiter,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {}

  async execute({ email, password, clientIp }: LoginCommand): Promise<LoginResult> {
    const now = this.now();
    const wait = await this.throttle.admit(clientIp, now);
    if (wait !== undefined)
      throw new StaffAccountRejected('too-many-logins', `too many sign-in attempts; try again in ${wait} s`, {
        retryAfterSeconds: wait,
      });
    const account = await this.repo.findByEmail(email);
    this.decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
    const matches = await verifyPassword(password, account?.passwordHash ?? (await this.decoyHash));
    if (!account || !account.active || (await this.throttle.isLocked(account.id, clientIp, now)))
      throw loginFailed();
    if (!matches) {
      if (await this.throttle.failed(account.id, clientIp, now))
        this.logger.warn(
          { staffId: account.id, clientIp },
          'sign-in from one address locked after wrong passwords',
        );
      throw loginFailed();
    }
    await this.throttle.succeeded(account.id, clientIp);
    if (hashNeedsUpgrade(account.passwordHash)) {
      await this.store
        .handle(account.id, {
          type: 'UpgradeStaffPasswordHash',
          passwordHash: await hashPassword(password),
          at: now.toISOString(),
        })
        .catch((e) => this.logger.warn({ err: e, staffId: account.id }, 'password hash upgrade failed'));
    }
    const staff = staffViewOf(account);
    const { token, expiresAt } = await this.tokens.issue(
      {
        sub: staff.id,
        email: staff.email,
        name: staff.name,
        roles: staff.roles,
        departments: staff.departments,
        ...(account.mustChangePassword ? { mustChangePassword: true } : {}),
      },
      now,
    );
    return {
      token,
      expiresAt: expiresAt.toISOString(),
      staff,
      mustChangePassword: account.mustChangePassword,
    };
  }
}
