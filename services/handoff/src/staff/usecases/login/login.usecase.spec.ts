import { hashNeedsUpgrade, hashPassword, StaffClaims } from '@citizen-desk/auth';
import { Logger } from '@citizen-desk/observability';
import { randomBytes, scryptSync } from 'node:crypto';
import { LoginThrottle } from '../../login-throttle';
import { StaffAccountCommand, StaffAccountRejected } from '../../staff-account.decide';
import { StaffAccountRow, StaffAccountsRepository } from '../../staff-accounts.repository';
import { Login, LOGIN_FAILED } from './login.usecase';

jest.setTimeout(60_000);
const password = 'Budva-Opstina-2026';

/** The one account, kept in memory: what the read model and the store would hold. */
function accounts(row: StaffAccountRow) {
  const commands: StaffAccountCommand[] = [];
  return {
    row,
    commands,
    async findByEmail(email: string) {
      return email === row.email ? { ...row } : undefined;
    },
    async handle(_id: string, command: StaffAccountCommand) {
      commands.push(command);
      if (command.type === 'UpgradeStaffPasswordHash') row.passwordHash = command.passwordHash;
      return [];
    },
  };
}

const silent = { warn: () => undefined, info: () => undefined } as unknown as Logger;
const issued: Array<{ claims: StaffClaims; at: Date }> = [];
const signer = {
  async issue(claims: StaffClaims, now: Date) {
    issued.push({ claims, at: now });
    return { token: `token-${issued.length}`, expiresAt: new Date(now.getTime() + 3600_000) };
  },
};

describe('Login', () => {
  let clock: Date;
  let repo: ReturnType<typeof accounts>;
  let login: Login;
  const attempt = (pw: string, clientIp = '192.0.2.1') =>
    login.execute({ email: 'vesna@budva.local', password: pw, clientIp });

  beforeAll(async () => {
    clock = new Date('2026-03-01T08:00:00Z');
    repo = accounts({
      id: 's1',
      email: 'vesna@budva.local',
      name: 'Vesna',
      passwordHash: await hashPassword(password),
      roles: ['operator'],
      departments: ['tax'],
      active: true,
      failedLogins: 0,
      lockedUntil: null,
      mustChangePassword: false,
      updatedAt: clock,
    });
    login = new Login(
      repo as unknown as StaffAccountsRepository,
      repo,
      signer,
      new LoginThrottle({ perIpPerMinute: 1000, globalPerMinute: 1000 }),
      silent,
      () => clock,
    );
  });

  it('gives a token of the account from the signer, at the clock’s time', async () => {
    const result = await attempt(password);
    expect(result).toEqual({
      token: 'token-1',
      expiresAt: '2026-03-01T09:00:00.000Z',
      staff: {
        id: 's1',
        email: 'vesna@budva.local',
        name: 'Vesna',
        roles: ['operator'],
        departments: ['tax'],
      },
      mustChangePassword: false,
    });
    expect(issued[0]).toEqual({ claims: { sub: 's1', ...result.staff, id: undefined }, at: clock });
  });

  it('says so, in the answer and in the token, when someone else chose the password', async () => {
    repo.row.mustChangePassword = true;
    try {
      const result = await attempt(password, '192.0.2.60');
      expect(result.mustChangePassword).toBe(true);
      expect(issued[issued.length - 1].claims).toMatchObject({ sub: 's1', mustChangePassword: true });
    } finally {
      repo.row.mustChangePassword = false;
    }
  });

  it('refuses sign-in from an address after 5 wrong passwords, until the lock runs out; other addresses go on', async () => {
    const refusal = { kind: 'unauthorized', reason: 'login-failed', message: LOGIN_FAILED };
    for (let i = 0; i < 5; i++) {
      const wrong = attempt('Wrong-password-1', '203.0.113.9');
      await expect(wrong).rejects.toBeInstanceOf(StaffAccountRejected);
      await expect(wrong).rejects.toMatchObject(refusal);
    }
    await expect(attempt(password, '203.0.113.9')).rejects.toMatchObject(refusal);
    await expect(attempt(password, '192.0.2.50')).resolves.toMatchObject({ staff: { id: 's1' } });
    clock = new Date(clock.getTime() + 15 * 60 * 1000 + 1);
    await expect(attempt(password, '203.0.113.9')).resolves.toMatchObject({ staff: { id: 's1' } });
  });

  it('replaces a hash made with older, cheaper parameters once the password is right', async () => {
    const salt = randomBytes(16);
    const key = scryptSync(password, salt, 64, { N: 2 ** 14, r: 8, p: 1 });
    repo.row.passwordHash = ['scrypt', 2 ** 14, 8, 1, salt.toString('base64'), key.toString('base64')].join(
      '$',
    );
    await expect(attempt('Wrong-password-2', '192.0.2.99')).rejects.toBeInstanceOf(StaffAccountRejected);
    expect(repo.commands).toEqual([]);
    await expect(attempt(password)).resolves.toMatchObject({ staff: { id: 's1' } });
    expect(repo.commands).toEqual([
      {
        type: 'UpgradeStaffPasswordHash',
        passwordHash: expect.stringMatching(/^scrypt\$131072\$8\$1\$/),
        at: clock.toISOString(),
      },
    ]);
    expect(hashNeedsUpgrade(repo.row.passwordHash)).toBe(false);
    await expect(attempt(password)).resolves.toMatchObject({ staff: { id: 's1' } });
    expect(repo.commands).toHaveLength(1);
  });

  it('answers too-many with the seconds to wait past the per-address limit', async () => {
    const limited = new Login(
      repo as unknown as StaffAccountsRepository,
      repo,
      signer,
      new LoginThrottle({ perIpPerMinute: 2, globalPerMinute: 1000 }),
      silent,
      () => clock,
    );
    const go = () =>
      limited.execute({ email: 'nobody@budva.local', password: 'x-Password-1', clientIp: '192.0.2.7' });
    await expect(go()).rejects.toMatchObject({ reason: 'login-failed' });
    await expect(go()).rejects.toMatchObject({ reason: 'login-failed' });
    await expect(go()).rejects.toMatchObject({ kind: 'too-many', details: { retryAfterSeconds: 60 } });
  });
});
