import { connectMessaging, Messaging } from '@citizen-desk/messaging';
import { cleanupNamespace, eventually, testNamespace, testNatsUrl } from '@citizen-desk/testing';
import { generateStaffSigningKey } from './staff-keys';
import { StaffClaims } from './staff-role';
import { InvalidStaffToken, issueStaffToken } from './staff-token';
import { StaffTokenIssuer, StaffTokenVerifier } from './staff-token-directory';

const ns = testNamespace();
const claims: StaffClaims = {
  sub: 'staff-1',
  email: 'a@budva.me',
  name: 'A',
  roles: ['operator'],
  departments: ['tax'],
};
let handoffSide: Messaging;
let otherSide: Messaging;
const opened: Array<{ stop(): void }> = [];

beforeAll(async () => {
  [handoffSide, otherSide] = await Promise.all(
    ['handoff', 'other'].map((name) => connectMessaging({ url: testNatsUrl(), namespace: ns, name })),
  );
});
afterAll(async () => {
  for (const o of opened) o.stop();
  await Promise.all([handoffSide.close(), otherSide.close()]);
  await cleanupNamespace(ns);
});

/** Handoff's side (its own connection) and another service's. */
async function issuerAndVerifier() {
  const own = await StaffTokenVerifier.open(handoffSide);
  const issuer = await StaffTokenIssuer.open(own, await generateStaffSigningKey(), 3600);
  const verifier = await StaffTokenVerifier.open(otherSide);
  opened.push(own, issuer, verifier);
  return { issuer, verifier };
}

describe('staff tokens through NATS KV', () => {
  it('are verified by another connection with the published key, and refused once signed out', async () => {
    const { issuer, verifier } = await issuerAndVerifier();
    const { token } = await issuer.issue(claims);
    const verified = await verifier.verify(token);
    expect(verified.claims).toEqual(claims);
    let told = 0;
    verifier.onRevocation(() => (told += 1));
    await issuer.revokeSession(verified.sid);
    await eventually(() => verifier.isRevoked(verified), { timeoutMs: 2000, message: 'revocation seen' });
    await expect(verifier.verify(token)).rejects.toThrow(new InvalidStaffToken('revoked'));
    expect(told).toBeGreaterThan(0);
  });

  it('refuse tokens issued before an account change, and accept those issued after', async () => {
    const { issuer, verifier } = await issuerAndVerifier();
    const before = await issuer.issue({ ...claims, sub: 'staff-2' }, new Date(Date.now() - 10));
    const changedAt = new Date();
    await issuer.revokeStaff('staff-2', 'roles-changed', changedAt);
    const after = await issuer.issue({ ...claims, sub: 'staff-2' }, new Date(changedAt.getTime() + 1));
    await eventually(
      () =>
        verifier.verify(before.token).then(
          () => false,
          () => true,
        ),
      { timeoutMs: 2000, message: 'the earlier token refused' },
    );
    await expect(verifier.verify(after.token)).resolves.toMatchObject({ claims: { sub: 'staff-2' } });
    // Someone else's tokens are untouched.
    await expect(verifier.verify((await issuer.issue(claims)).token)).resolves.toBeDefined();
  });

  it('start with the revocations already made (a service started later refuses them at once)', async () => {
    const { issuer } = await issuerAndVerifier();
    const { token } = await issuer.issue({ ...claims, sub: 'staff-3' });
    await issuer.revokeStaff('staff-3', 'deactivated');
    const late = await StaffTokenVerifier.open(otherSide);
    opened.push(late);
    await expect(late.verify(token)).rejects.toThrow(new InvalidStaffToken('revoked'));
  });

  it('refuse a token whose key was never published, and publish no private half', async () => {
    const { issuer, verifier } = await issuerAndVerifier();
    const unpublished = await generateStaffSigningKey();
    await expect(verifier.verify(await issueStaffToken(claims, unpublished, 60))).rejects.toThrow(
      new InvalidStaffToken('unknown key'),
    );
    const kids = verifier.jwks().keys.map((k) => k.kid);
    expect(kids).toContain(issuer.kid);
    expect(kids).not.toContain(unpublished.kid);
    expect(JSON.stringify(verifier.jwks())).not.toMatch(/"d"/);
  });
});
