import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { generateStaffSigningKey, loadStaffSigningKey } from './staff-keys';
import { StaffClaims } from './staff-role';
import {
  InvalidStaffToken,
  issueStaffToken,
  StaffSigningKey,
  staffTokenExpiry,
  verifyStaffToken,
} from './staff-token';

const claims: StaffClaims = {
  sub: 'staff-1',
  email: 'ana@budva.me',
  name: 'Ana',
  roles: ['operator'],
  departments: ['tax'],
};

let key: StaffSigningKey;
let other: StaffSigningKey;
const publicOf = async (k: StaffSigningKey) => {
  const { createPublicKey } = await import('node:crypto');
  return createPublicKey(k.privateKey as never);
};
let keys: (kid: string) => Promise<import('jose').KeyLike | undefined>;

beforeAll(async () => {
  key = await generateStaffSigningKey();
  other = await generateStaffSigningKey();
  const pub = await publicOf(key);
  keys = async (kid) => (kid === key.kid ? pub : undefined);
});

function signed(
  alg: string,
  signingKey: Parameters<SignJWT['sign']>[0],
  overrides: { iss?: string; aud?: string; kid?: string } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...claims, sub: undefined, sid: 's-1' })
    .setProtectedHeader({ alg, kid: overrides.kid ?? key.kid })
    .setSubject(claims.sub)
    .setIssuer(overrides.iss ?? 'citizen-desk')
    .setAudience(overrides.aud ?? 'citizen-desk-staff')
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .sign(signingKey);
}

describe('staff tokens', () => {
  it('verify what was issued: claims, session id and issue time to the millisecond', async () => {
    const now = new Date('2030-01-01T10:00:00.437Z');
    jest.useFakeTimers({ now: now.getTime() + 1000, doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const token = await issueStaffToken(claims, key, 60, now, 'session-1');
      expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toEqual({
        alg: 'EdDSA',
        typ: 'JWT',
        kid: key.kid,
      });
      await expect(verifyStaffToken(token, keys)).resolves.toEqual({
        claims,
        sid: 'session-1',
        issuedAtMs: now.getTime(),
        expiresAtMs: new Date('2030-01-01T10:01:00.000Z').getTime(),
      });
    } finally {
      jest.useRealTimers();
    }
  });

  it('get a new session id at every issue', async () => {
    const [a, b] = await Promise.all([issueStaffToken(claims, key, 60), issueStaffToken(claims, key, 60)]);
    expect((await verifyStaffToken(a, keys)).sid).not.toBe((await verifyStaffToken(b, keys)).sid);
  });

  it('reject an expired token', async () => {
    const token = await issueStaffToken(claims, key, 60, new Date(Date.now() - 120_000));
    await expect(verifyStaffToken(token, keys)).rejects.toThrow(new InvalidStaffToken('expired'));
  });

  it('reject a token signed with another key, even one claiming the right key id', async () => {
    const token = await issueStaffToken(claims, other, 60);
    await expect(verifyStaffToken(token, keys)).rejects.toThrow(new InvalidStaffToken('unknown key'));
    await expect(verifyStaffToken(await signed('EdDSA', other.privateKey), keys)).rejects.toBeInstanceOf(
      InvalidStaffToken,
    );
  });

  it('reject a token whose claims were changed after signing', async () => {
    const token = await issueStaffToken(claims, key, 60);
    const [header, payload, signature] = token.split('.');
    const forged = JSON.parse(Buffer.from(payload, 'base64url').toString());
    forged.roles = ['admin'];
    const tampered = [header, Buffer.from(JSON.stringify(forged)).toString('base64url'), signature].join('.');
    await expect(verifyStaffToken(tampered, keys)).rejects.toBeInstanceOf(InvalidStaffToken);
  });

  it('reject an unsigned (alg none) token', async () => {
    const token = new UnsecuredJWT({ ...claims, sid: 's' })
      .setIssuer('citizen-desk')
      .setAudience('citizen-desk-staff')
      .setIssuedAt()
      .setExpirationTime('1m')
      .encode();
    await expect(verifyStaffToken(token, keys)).rejects.toBeInstanceOf(InvalidStaffToken);
  });

  it('reject an HMAC token keyed with the public key (algorithm confusion) and other algorithms', async () => {
    const hmacKey = new TextEncoder().encode(JSON.stringify(key.publicJwk));
    await expect(verifyStaffToken(await signed('HS256', hmacKey), keys)).rejects.toBeInstanceOf(
      InvalidStaffToken,
    );
    const es = await generateKeyPair('ES256');
    await expect(verifyStaffToken(await signed('ES256', es.privateKey), keys)).rejects.toBeInstanceOf(
      InvalidStaffToken,
    );
    await expect(verifyStaffToken(await signed('EdDSA', key.privateKey), keys)).resolves.toMatchObject({
      claims,
    });
  });

  it('reject a wrong issuer or audience, and a token without a session id', async () => {
    await expect(
      verifyStaffToken(await signed('EdDSA', key.privateKey, { iss: 'someone-else' }), keys),
    ).rejects.toBeInstanceOf(InvalidStaffToken);
    await expect(
      verifyStaffToken(await signed('EdDSA', key.privateKey, { aud: 'citizens' }), keys),
    ).rejects.toBeInstanceOf(InvalidStaffToken);
    const now = Math.floor(Date.now() / 1000);
    const noSid = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
      .setIssuer('citizen-desk')
      .setAudience('citizen-desk-staff')
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(key.privateKey);
    await expect(verifyStaffToken(noSid, keys)).rejects.toBeInstanceOf(InvalidStaffToken);
  });

  it('reject garbage', async () => {
    await expect(verifyStaffToken('not-a-token', keys)).rejects.toBeInstanceOf(InvalidStaffToken);
    await expect(verifyStaffToken('', keys)).rejects.toBeInstanceOf(InvalidStaffToken);
  });

  it('tell when a token issued now expires', () => {
    expect(staffTokenExpiry(3600, new Date('2026-01-01T10:00:00.400Z')).toISOString()).toBe(
      '2026-01-01T11:00:00.000Z',
    );
  });
});

describe('signing keys', () => {
  it('load from PKCS#8 PEM (also with escaped newlines) and from a JWK, to the same key id', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const pair = generateKeyPairSync('ed25519');
    const pem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const jwk = JSON.stringify(pair.privateKey.export({ format: 'jwk' }));
    const a = await loadStaffSigningKey(pem);
    const b = await loadStaffSigningKey(pem.replace(/\n/g, '\\n'));
    const c = await loadStaffSigningKey(jwk);
    expect(b.kid).toBe(a.kid);
    expect(c.kid).toBe(a.kid);
    expect(a.publicJwk).not.toHaveProperty('d');
  });

  it('refuse what is not an Ed25519 private key', async () => {
    await expect(loadStaffSigningKey('secret')).rejects.toThrow(/STAFF_TOKEN_PRIVATE_KEY/);
    await expect(loadStaffSigningKey(JSON.stringify(key.publicJwk))).rejects.toThrow(/private key/);
  });
});
