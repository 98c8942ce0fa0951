import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader, errors, JWK, jwtVerify, KeyLike, SignJWT } from 'jose';
import { StaffClaims, staffClaimsSchema } from './staff-role';

export const STAFF_TOKEN_ISSUER = 'citizen-desk';
export const STAFF_TOKEN_AUDIENCE = 'citizen-desk-staff';
/**
 * Ed25519 signatures: only the handoff service holds the private key; every other service verifies
 * with the public one, so a compromised dialog, broadcast or analytics cannot mint a token.
 */
export const STAFF_TOKEN_ALGORITHM = 'EdDSA';

/** The token is missing, malformed, expired, signed with another key or algorithm, or its claims are wrong. */
export class InvalidStaffToken extends Error {
  constructor(readonly reason: string) {
    super(`invalid staff token: ${reason}`);
    this.name = 'InvalidStaffToken';
  }
}

/** The private half of a staff token key, with the public half as a JWK that names it (`kid`). */
export interface StaffSigningKey {
  kid: string;
  privateKey: KeyLike;
  publicJwk: JWK & { kid: string };
}

/** A verified token: the claims, its session, and when it was issued (milliseconds, for revocations). */
export interface VerifiedStaffToken {
  claims: StaffClaims;
  /** Session id: what logout revokes. */
  sid: string;
  issuedAtMs: number;
  expiresAtMs: number;
}

/** Finds the public key a token names in its header; undefined when no such key is known. */
export type StaffKeyResolver = (kid: string) => Promise<KeyLike | undefined> | KeyLike | undefined;

export async function issueStaffToken(
  claims: StaffClaims,
  key: StaffSigningKey,
  ttlSeconds: number,
  now = new Date(),
  sid: string = randomUUID(),
): Promise<string> {
  const { sub, ...rest } = staffClaimsSchema.parse(claims);
  // `iat` keeps milliseconds (a NumericDate may be fractional): a revocation at 12:00:00.400 must
  // refuse a token issued at 12:00:00.100 and accept one issued at 12:00:00.700.
  const iat = now.getTime() / 1000;
  return new SignJWT({ ...rest, sid })
    .setProtectedHeader({ alg: STAFF_TOKEN_ALGORITHM, typ: 'JWT', kid: key.kid })
    .setSubject(sub)
    .setIssuer(STAFF_TOKEN_ISSUER)
    .setAudience(STAFF_TOKEN_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(Math.floor(iat) + ttlSeconds)
    .sign(key.privateKey);
}

/** When the token issued now expires: for telling the client. */
export function staffTokenExpiry(ttlSeconds: number, now = new Date()): Date {
  return new Date((Math.floor(now.getTime() / 1000) + ttlSeconds) * 1000);
}

/** Checks signature, algorithm, issuer, audience, lifetime and claims; not revocation (see StaffTokenVerifier). */
export async function verifyStaffToken(token: string, keys: StaffKeyResolver): Promise<VerifiedStaffToken> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw new InvalidStaffToken('malformed');
  }
  if (typeof kid !== 'string' || !/^[A-Za-z0-9_-]{1,100}$/.test(kid))
    throw new InvalidStaffToken('no key id');
  const key = await keys(kid);
  if (!key) throw new InvalidStaffToken('unknown key');
  let payload: Record<string, unknown>;
  try {
    // Pinning the algorithm rejects `none`, HMAC tokens and any algorithm confusion.
    ({ payload } = await jwtVerify(token, key, {
      algorithms: [STAFF_TOKEN_ALGORITHM],
      issuer: STAFF_TOKEN_ISSUER,
      audience: STAFF_TOKEN_AUDIENCE,
      requiredClaims: ['sub', 'exp', 'iat', 'sid'],
    }));
  } catch (e) {
    if (e instanceof errors.JWTExpired) throw new InvalidStaffToken('expired');
    if (e instanceof errors.JOSEError) throw new InvalidStaffToken(e.code);
    throw new InvalidStaffToken('malformed');
  }
  const claims = staffClaimsSchema.safeParse(payload);
  const sid = payload.sid;
  if (!claims.success || typeof sid !== 'string' || sid.length === 0 || sid.length > 100)
    throw new InvalidStaffToken('unexpected claims');
  return {
    claims: claims.data,
    sid,
    issuedAtMs: Math.round((payload.iat as number) * 1000),
    expiresAtMs: (payload.exp as number) * 1000,
  };
}
