import { errors, jwtVerify, SignJWT } from 'jose';
import { StaffClaims, staffClaimsSchema } from './staff-role';

export const STAFF_TOKEN_ISSUER = 'citizen-desk';
export const STAFF_TOKEN_AUDIENCE = 'citizen-desk-staff';
const ALGORITHM = 'HS256';

/** The token is missing, malformed, expired, signed with another key or algorithm, or its claims are wrong. */
export class InvalidStaffToken extends Error {
  constructor(reason: string) {
    super(`invalid staff token: ${reason}`);
    this.name = 'InvalidStaffToken';
  }
}

function keyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function issueStaffToken(
  claims: StaffClaims,
  secret: string,
  ttlSeconds: number,
  now = new Date(),
): Promise<string> {
  const { sub, ...rest } = staffClaimsSchema.parse(claims);
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT(rest)
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(STAFF_TOKEN_ISSUER)
    .setAudience(STAFF_TOKEN_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(keyOf(secret));
}

/** When the token expires, read without verifying: for telling the client, never for trusting it. */
export function staffTokenExpiry(ttlSeconds: number, now = new Date()): Date {
  return new Date((Math.floor(now.getTime() / 1000) + ttlSeconds) * 1000);
}

export async function verifyStaffToken(token: string, secret: string): Promise<StaffClaims> {
  let payload: Record<string, unknown>;
  try {
    // Pinning the algorithm rejects `none` and any asymmetric-key confusion.
    ({ payload } = await jwtVerify(token, keyOf(secret), {
      algorithms: [ALGORITHM],
      issuer: STAFF_TOKEN_ISSUER,
      audience: STAFF_TOKEN_AUDIENCE,
      requiredClaims: ['sub', 'exp', 'iat'],
    }));
  } catch (e) {
    if (e instanceof errors.JWTExpired) throw new InvalidStaffToken('expired');
    if (e instanceof errors.JOSEError) throw new InvalidStaffToken(e.code);
    throw new InvalidStaffToken('malformed');
  }
  const claims = staffClaimsSchema.safeParse(payload);
  if (!claims.success) throw new InvalidStaffToken('unexpected claims');
  return claims.data;
}
