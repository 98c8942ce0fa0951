import { createHmac, timingSafeEqual } from 'node:crypto';

/** Viber's X-Viber-Content-Signature: hex HMAC-SHA256 of the raw request body, keyed with the auth token. */
export function signViberBody(rawBody: Buffer | string, authToken: string): string {
  return createHmac('sha256', authToken).update(rawBody).digest('hex');
}

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

/**
 * Checks a callback's signature over the exact bytes received, before anything parses them.
 * Constant time, so the comparison does not leak how many leading characters were right; never throws.
 */
export function isValidViberSignature(
  rawBody: Buffer,
  signature: string | undefined,
  authToken: string,
): boolean {
  if (typeof signature !== 'string' || !HEX_SHA256.test(signature.trim())) return false;
  const expected = Buffer.from(signViberBody(rawBody, authToken), 'hex');
  const given = Buffer.from(signature.trim(), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
