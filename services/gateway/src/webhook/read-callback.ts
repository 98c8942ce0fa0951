import {
  InvalidViberCallback,
  isValidViberSignature,
  parseViberCallback,
  ViberCallback,
  viberUserIdOf,
} from '@citizen-desk/viber';

/** What one callback's raw bytes and signature amount to, before anything is published. */
export type CallbackReading =
  | { kind: 'bad-signature' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'ignored'; event: string }
  /** `viberUserId` is null for callbacks about no one (Viber's `webhook` check): nothing to publish. */
  | { kind: 'known'; callback: ViberCallback; viberUserId: string | null };

/**
 * Checks the signature over the exact bytes received (in constant time), then parses and validates the
 * callback once, and names the Viber user it is about (to be replaced by their pseudonym before
 * anything is published). Pure: no I/O, no clock but the callback's own.
 */
export function readCallback(raw: Buffer, signature: string | undefined, authToken: string): CallbackReading {
  if (!isValidViberSignature(raw, signature, authToken)) return { kind: 'bad-signature' };
  let parsed: ReturnType<typeof parseViberCallback>;
  try {
    parsed = parseViberCallback(raw);
  } catch (e) {
    if (e instanceof InvalidViberCallback) return { kind: 'invalid', reason: e.message };
    throw e;
  }
  if (parsed.kind === 'unknown') return { kind: 'ignored', event: parsed.event };
  return { kind: 'known', callback: parsed.callback, viberUserId: viberUserIdOf(parsed.callback) };
}
