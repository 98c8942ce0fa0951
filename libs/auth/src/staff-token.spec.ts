import { SignJWT, UnsecuredJWT } from 'jose';
import { StaffClaims } from './staff-role';
import { InvalidStaffToken, issueStaffToken, staffTokenExpiry, verifyStaffToken } from './staff-token';

const secret = 'a-test-secret-that-is-long-enough-1234';
const claims: StaffClaims = {
  sub: 'staff-1',
  email: 'ana@budva.me',
  name: 'Ana',
  roles: ['operator'],
  departments: ['tax'],
};
const key = new TextEncoder().encode(secret);

function signed(alg: string, overrides: { iss?: string; aud?: string; exp?: number } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    email: claims.email,
    name: claims.name,
    roles: claims.roles,
    departments: claims.departments,
  })
    .setProtectedHeader({ alg })
    .setSubject(claims.sub)
    .setIssuer(overrides.iss ?? 'citizen-desk')
    .setAudience(overrides.aud ?? 'citizen-desk-staff')
    .setIssuedAt(now)
    .setExpirationTime(overrides.exp ?? now + 60)
    .sign(key);
}

describe('staff tokens', () => {
  it('verify what was issued, giving back the same claims', async () => {
    const token = await issueStaffToken(claims, secret, 60);
    await expect(verifyStaffToken(token, secret)).resolves.toEqual(claims);
  });

  it('reject an expired token', async () => {
    const token = await issueStaffToken(claims, secret, 60, new Date(Date.now() - 120_000));
    await expect(verifyStaffToken(token, secret)).rejects.toThrow(new InvalidStaffToken('expired'));
  });

  it('reject a token signed with another secret', async () => {
    const token = await issueStaffToken(claims, 'another-secret-that-is-long-enough-5678', 60);
    await expect(verifyStaffToken(token, secret)).rejects.toBeInstanceOf(InvalidStaffToken);
  });

  it('reject a token whose claims were changed after signing', async () => {
    const token = await issueStaffToken(claims, secret, 60);
    const [header, payload, signature] = token.split('.');
    const forged = JSON.parse(Buffer.from(payload, 'base64url').toString());
    forged.roles = ['admin'];
    const tampered = [header, Buffer.from(JSON.stringify(forged)).toString('base64url'), signature].join('.');
    await expect(verifyStaffToken(tampered, secret)).rejects.toBeInstanceOf(InvalidStaffToken);
  });

  it('reject an unsigned (alg none) token', async () => {
    const token = new UnsecuredJWT({ ...claims })
      .setIssuer('citizen-desk')
      .setAudience('citizen-desk-staff')
      .setIssuedAt()
      .setExpirationTime('1m')
      .encode();
    await expect(verifyStaffToken(token, secret)).rejects.toBeInstanceOf(InvalidStaffToken);
  });

  it('reject another HMAC algorithm even with the right key', async () => {
    await expect(verifyStaffToken(await signed('HS512'), secret)).rejects.toBeInstanceOf(InvalidStaffToken);
    await expect(verifyStaffToken(await signed('HS256'), secret)).resolves.toEqual(claims);
  });

  it('reject a wrong issuer or audience', async () => {
    await expect(
      verifyStaffToken(await signed('HS256', { iss: 'someone-else' }), secret),
    ).rejects.toBeInstanceOf(InvalidStaffToken);
    await expect(verifyStaffToken(await signed('HS256', { aud: 'citizens' }), secret)).rejects.toBeInstanceOf(
      InvalidStaffToken,
    );
  });

  it('reject garbage', async () => {
    await expect(verifyStaffToken('not-a-token', secret)).rejects.toBeInstanceOf(InvalidStaffToken);
    await expect(verifyStaffToken('', secret)).rejects.toBeInstanceOf(InvalidStaffToken);
  });

  it('tell when a token issued now expires', () => {
    expect(staffTokenExpiry(3600, new Date('2026-01-01T10:00:00.400Z')).toISOString()).toBe(
      '2026-01-01T11:00:00.000Z',
    );
  });
});
