import {
  ChannelEvent,
  InvalidViberCallback,
  isValidViberSignature,
  parseViberCallback,
  toChannelEvent,
  ViberCallback,
} from '@citizen-desk/viber';

/** What one callback's raw bytes and signature amount to, before anything is published. */
export type CallbackReading =
  | { kind: 'bad-signature' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'ignored'; event: string }
  /** `event` is null for callbacks with nothing to publish (Viber's `webhook` check). */
  | { kind: 'known'; callback: ViberCallback; event: ChannelEvent | null };

/**
 * Checks the signature over the exact bytes received (in constant time), then parses and validates the
 * callback once, and maps it to the channel-neutral event to publish. Pure: no I/O, no clock but the
 * callback's own.
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
  return { kind: 'known', callback: parsed.callback, event: toChannelEvent(parsed.callback) };
}
