import { randomBytes, scryptSync } from 'node:crypto';
import { hashNeedsUpgrade, hashPassword, verifyPassword } from './password-hash';

/** A hash as the previous version wrote it (N=2^15), to check that it still verifies and asks for an upgrade. */
function oldHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 64, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', 2 ** 15, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
}

// Each hash costs 128 MiB and up to seconds on a busy machine.
jest.setTimeout(60_000);

describe('password hashes', () => {
  it('verify the password they were made from, and no other', async () => {
    const stored = await hashPassword('Correct horse 42');
    await expect(verifyPassword('Correct horse 42', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse 42', stored)).resolves.toBe(false);
  });

  it('are salted and record their parameters', async () => {
    const [a, b] = await Promise.all([hashPassword('same password 1'), hashPassword('same password 1')]);
    expect(a).not.toBe(b);
    const [alg, n, r, p, salt, key] = a.split('$');
    expect([alg, n, r, p]).toEqual(['scrypt', String(2 ** 17), '8', '1']);
    expect(Buffer.from(salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(key, 'base64')).toHaveLength(64);
  });

  it('treat what is not one of their hashes as a mismatch', async () => {
    await expect(verifyPassword('x', 'plaintext')).resolves.toBe(false);
    await expect(verifyPassword('x', 'bcrypt$1$2$3$4$5')).resolves.toBe(false);
    await expect(verifyPassword('x', 'scrypt$1073741824$8$1$c2FsdA==$a2V5a2V5a2V5a2V5a2V5')).resolves.toBe(
      false,
    );
  });

  it('compare Unicode passwords by their normal form', async () => {
    const stored = await hashPassword('Lozinka-\u0161ifra1'); // š precomposed
    await expect(verifyPassword('Lozinka-s\u030Cifra1', stored)).resolves.toBe(true); // s + combining caron
  });

  it('use N=2^17 (128 MiB), verify older cheaper hashes, and say which need an upgrade', async () => {
    const current = await hashPassword('Correct horse 42');
    expect(hashNeedsUpgrade(current)).toBe(false);
    const old = oldHash('Correct horse 42');
    expect(hashNeedsUpgrade(old)).toBe(true);
    await expect(verifyPassword('Correct horse 42', old)).resolves.toBe(true);
    await expect(verifyPassword('Correct horse 43', old)).resolves.toBe(false);
  });

  it('refuse parameters that would cost more than 256 MiB', async () => {
    await expect(
      verifyPassword('x', `scrypt$${2 ** 18}$16$1$c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5`),
    ).resolves.toBe(false);
  });
});
