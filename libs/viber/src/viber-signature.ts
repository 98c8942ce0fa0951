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
  if (typeof signature !== 'string') return false;
  const hex = signature.trim();
  if (!HEX_SHA256.test(hex)) return false;
  const expected = createHmac('sha256', authToken).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
}
