import { hashPassword } from '@citizen-desk/auth';
import { Logger } from '@citizen-desk/observability';
import { LoginFailures } from '../../login-lockout';
import { StaffAccountRejected } from '../../staff-account.decide';
import { StaffAccountRow, StaffAccountsRepository } from '../../staff-accounts.repository';
import { Login, LOGIN_FAILED } from './login.usecase';

const secret = 'login-unit-test-secret-long-enough-0123';
const password = 'Budva-Opstina-2026';

/** The one account, kept in memory: what the read model would hold. */
function accounts(row: StaffAccountRow) {
  return {
    row,
    async findByEmail(email: string) {
      return email === row.email ? { ...row } : undefined;
    },
    async updateLoginFailures(_id: string, change: (current: LoginFailures) => LoginFailures) {
      const next = change({ failedLogins: row.failedLogins, lockedUntil: row.lockedUntil });
      Object.assign(row, next);
      return next;
    },
  };
}

const silent = { warn: () => undefined, info: () => undefined } as unknown as Logger;

describe('Login', () => {
  let clock: Date;
  let repo: ReturnType<typeof accounts>;
  let login: Login;
  const attempt = (pw: string) => login.execute({ email: 'vesna@budva.local', password: pw });

  beforeAll(async () => {
    const passwordHash = await hashPassword(password);
    clock = new Date('2026-03-01T08:00:00Z');
    repo = accounts({
      id: 's1',
      email: 'vesna@budva.local',
      name: 'Vesna',
      passwordHash,
      roles: ['operator'],
      departments: ['tax'],
      active: true,
      failedLogins: 0,
      lockedUntil: null,
      updatedAt: clock,
    });
    login = new Login(
      repo as unknown as StaffAccountsRepository,
      { tokenSecret: secret, tokenTtlSeconds: 3600 },
      silent,
      () => clock,
    );
  });

  it('gives a token valid for the configured time from the clock', async () => {
    const result = await attempt(password);
    expect(result.expiresAt).toBe('2026-03-01T09:00:00.000Z');
    expect(result.staff).toEqual({
      id: 's1',
      email: 'vesna@budva.local',
      name: 'Vesna',
      roles: ['operator'],
      departments: ['tax'],
    });
    const claims = JSON.parse(Buffer.from(result.token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ sub: 's1', exp: Date.parse('2026-03-01T09:00:00Z') / 1000 });
  });

  it('refuses a locked account like a wrong password, until the lock runs out', async () => {
    const refusal = { kind: 'unauthorized', reason: 'login-failed', message: LOGIN_FAILED };
    for (let i = 0; i < 5; i++) {
      const wrong = attempt('Wrong-password-1');
      await expect(wrong).rejects.toBeInstanceOf(StaffAccountRejected);
      await expect(wrong).rejects.toMatchObject(refusal);
    }
    await expect(attempt(password)).rejects.toMatchObject(refusal);
    clock = new Date(clock.getTime() + 15 * 60 * 1000 + 1);
    await expect(attempt(password)).resolves.toMatchObject({ staff: { id: 's1' } });
    expect(repo.row).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });
});
