import { randomBytes, randomUUID } from 'node:crypto';
import {
  hashPassword,
  hasRole,
  issueStaffToken,
  passwordProblems,
  StaffClaims,
  StaffRole,
  staffTokenExpiry,
  verifyPassword,
} from '@citizen-desk/auth';
import { ConfigError } from '@citizen-desk/config';
import { deterministicId, makeEnvelope } from '@citizen-desk/contracts';
import { ConcurrencyError, EventStore } from '@citizen-desk/event-store';
import { Logger } from '@citizen-desk/observability';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AdminPassword } from './admin-bootstrap';
import { AFTER_SUCCESSFUL_LOGIN, afterFailedLogin, isLocked } from './login-lockout';
import {
  decideStaffAccount,
  evolveStaffAccount,
  initialStaffAccountState,
  StaffAccountCommand,
  StaffAccountError,
} from './staff-account.decide';
import { STAFF_EVENT_VERSION, StaffAccountEvent, StaffProfile, staffStreamId } from './staff-account.events';
import { StaffAccountRow, StaffAccountsRepository } from './staff-accounts.repository';

export interface StaffView {
  id: string;
  email: string;
  name: string;
  roles: StaffRole[];
  departments: string[];
}
export interface StaffAccountView extends StaffView {
  active: boolean;
  lockedUntil: string | null;
  updatedAt: string;
}

/** One message for every failed login, so the answer never tells whether an email has an account. */
export const LOGIN_FAILED =
  'wrong email or password (after 5 wrong attempts an account is locked for 15 minutes)';

export function staffViewOf(row: StaffAccountRow): StaffView {
  return { id: row.id, email: row.email, name: row.name, roles: row.roles, departments: row.departments };
}
export function staffAccountViewOf(row: StaffAccountRow, now = new Date()): StaffAccountView {
  return {
    ...staffViewOf(row),
    active: row.active,
    lockedUntil: isLocked(row, now) ? row.lockedUntil!.toISOString() : null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function uniqueViolationOf(e: unknown): string | undefined {
  const err = (e as { driverError?: { code?: string; constraint?: string } })?.driverError;
  return err?.code === '23505' ? (err.constraint ?? '') : undefined;
}

export interface StaffAccountsOptions {
  tokenSecret: string;
  tokenTtlSeconds: number;
  logger: Logger;
}

/** Staff accounts: the commands on them (recorded as events), sign-in, and the first admin. */
export class StaffAccountsService {
  /** Compared against when the email is unknown, so that a miss costs as long as a wrong password. */
  private readonly decoyHash: Promise<string> = hashPassword(randomBytes(16).toString('hex'));

  constructor(
    private readonly dataSource: DataSource,
    private readonly eventStore: EventStore,
    readonly repo: StaffAccountsRepository,
    private readonly opts: StaffAccountsOptions,
  ) {}

  async login(
    email: string,
    password: string,
    now = new Date(),
  ): Promise<{ token: string; expiresAt: string; staff: StaffView }> {
    const account = await this.repo.findByEmail(email);
    const matches = await verifyPassword(password, account?.passwordHash ?? (await this.decoyHash));
    if (!account || !account.active || isLocked(account, now)) throw new UnauthorizedException(LOGIN_FAILED);
    if (!matches) {
      const after = await this.repo.updateLoginFailures(account.id, (s) => afterFailedLogin(s, now));
      if (isLocked(after, now))
        this.opts.logger.warn({ staffId: account.id }, 'staff account locked after repeated wrong passwords');
      throw new UnauthorizedException(LOGIN_FAILED);
    }
    // A lock set by concurrent wrong attempts since the read above still wins.
    const after = await this.repo.updateLoginFailures(account.id, (s) =>
      isLocked(s, now) ? s : AFTER_SUCCESSFUL_LOGIN,
    );
    if (isLocked(after, now)) throw new UnauthorizedException(LOGIN_FAILED);
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

  async get(id: string): Promise<StaffAccountView> {
    const row = await this.repo.findById(id);
    if (!row) throw new NotFoundException(`no staff account ${id}`);
    return staffAccountViewOf(row);
  }

  async list(): Promise<StaffAccountView[]> {
    const now = new Date();
    return (await this.repo.list()).map((r) => staffAccountViewOf(r, now));
  }

  async create(
    input: { email: string; password: string } & StaffProfile,
    by: StaffClaims | null,
    staffId: string = randomUUID(),
  ): Promise<StaffAccountView> {
    this.assertAcceptablePassword(input.password, input);
    const passwordHash = await hashPassword(input.password);
    try {
      await this.execute(staffId, {
        type: 'CreateStaffAccount',
        staffId,
        email: input.email,
        passwordHash,
        profile: { name: input.name, roles: input.roles, departments: input.departments },
        by: by?.sub ?? null,
        at: new Date().toISOString(),
      });
    } catch (e) {
      if (uniqueViolationOf(e) === 'staff_accounts_email_unique')
        throw new ConflictException(`a staff account with email ${input.email} already exists`);
      throw e;
    }
    return this.get(staffId);
  }

  async update(
    id: string,
    changes: Partial<StaffProfile> & { active?: boolean },
    by: StaffClaims,
  ): Promise<StaffAccountView> {
    const current = await this.repo.findById(id);
    if (!current) throw new NotFoundException(`no staff account ${id}`);
    const losesAdmin =
      (changes.roles !== undefined && !changes.roles.includes('admin')) || changes.active === false;
    if (
      current.active &&
      current.roles.includes('admin') &&
      losesAdmin &&
      (await this.repo.countActiveAdminsOtherThan(id)) === 0
    ) {
      throw new ConflictException('this is the last active admin; make someone else admin first');
    }
    const at = new Date().toISOString();
    const { active, ...profile } = changes;
    if (Object.keys(profile).length > 0)
      await this.execute(id, { type: 'ChangeStaffProfile', changes: profile, by: by.sub, at });
    if (active === false) await this.execute(id, { type: 'DeactivateStaffAccount', by: by.sub, at });
    if (active === true) await this.execute(id, { type: 'ReactivateStaffAccount', by: by.sub, at });
    return this.get(id);
  }

  /** An admin sets anyone's password; anyone else only their own, proving the current one. */
  async changePassword(
    id: string,
    input: { password: string; currentPassword?: string },
    by: StaffClaims,
  ): Promise<void> {
    const isAdmin = hasRole(by, 'admin');
    if (!isAdmin && by.sub !== id)
      throw new ForbiddenException('only an admin may change another staff member’s password');
    const account = await this.repo.findById(id);
    if (!account) throw new NotFoundException(`no staff account ${id}`);
    if (!isAdmin) {
      if (!input.currentPassword)
        throw new BadRequestException('currentPassword is required to change your own password');
      if (!(await verifyPassword(input.currentPassword, account.passwordHash)))
        throw new ForbiddenException('the current password is wrong');
    }
    this.assertAcceptablePassword(input.password, account);
    await this.execute(id, {
      type: 'ChangeStaffPassword',
      passwordHash: await hashPassword(input.password),
      by: by.sub,
      at: new Date().toISOString(),
    });
  }

  /**
   * Creates the first admin unless an account with that email exists. Replicas starting together
   * all aim at one stream (the id derives from the email), so exactly one append wins; the others
   * see the account and carry on.
   */
  async bootstrapAdmin(email: string, password: () => AdminPassword): Promise<'created' | 'exists'> {
    const normalised = email.trim().toLowerCase();
    if (await this.repo.findByEmail(normalised)) return 'exists';
    const chosen = password();
    const problems = passwordProblems(chosen.password, { email: normalised });
    if (problems.length > 0)
      throw new ConfigError([`STAFF_ADMIN_PASSWORD: the password ${problems.join('; ')}`]);
    try {
      await this.create(
        {
          email: normalised,
          password: chosen.password,
          name: 'Administrator',
          roles: ['admin'],
          departments: [],
        },
        null,
        deterministicId(`staff-account:${normalised}`),
      );
    } catch (e) {
      if (await this.repo.findByEmail(normalised)) return 'exists';
      throw e;
    }
    if (chosen.generated) {
      this.opts.logger.warn(
        { email: normalised },
        `created the first admin ${normalised} with the generated password "${chosen.password}" — it is shown only this once; ` +
          'sign in and change it, or set STAFF_ADMIN_PASSWORD',
      );
    } else {
      this.opts.logger.info({ email: normalised }, 'created the first admin account');
    }
    return 'created';
  }

  private assertAcceptablePassword(password: string, context: { email?: string; name?: string }): void {
    const problems = passwordProblems(password, context);
    if (problems.length > 0) throw new BadRequestException(`the password ${problems.join('; ')}`);
  }

  /** Load, decide, append and project in one transaction; a concurrent change to the stream means decide again. */
  private async execute(
    staffId: string,
    command: StaffAccountCommand,
    attempts = 3,
  ): Promise<StaffAccountEvent[]> {
    const streamId = staffStreamId(staffId);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const { state, version } = await this.eventStore.aggregateStream(
          streamId,
          evolveStaffAccount,
          initialStaffAccountState,
          manager,
        );
        const events = decideStaffAccount(command, state);
        if (events.length === 0) return events;
        const envelopes = events.map((e) =>
          makeEnvelope({ type: e.type, version: STAFF_EVENT_VERSION, streamId, data: e.data }),
        );
        // publish: false — these events carry password hashes and stay in this service.
        await this.eventStore.append(streamId, version, envelopes, { manager, publish: false });
        for (const event of events) await this.repo.project(manager, event);
        return events;
      });
    } catch (e) {
      if (e instanceof ConcurrencyError && attempts > 1) return this.execute(staffId, command, attempts - 1);
      if (e instanceof StaffAccountError)
        throw e.reason === 'not-found' ? new NotFoundException(e.message) : new ConflictException(e.message);
      throw e;
    }
  }
}
