import { ContractViolation, Envelope, EventType, parseEnvelope } from '@citizen-desk/contracts';
import { JsMsg, MsgHdrs } from 'nats';

/** A message of a batch, decoded and validated once at the boundary. */
export interface Delivery {
  envelope: Envelope & { type: EventType };
  /** 1 on the first delivery, 2 on the first redelivery … */
  deliveryCount: number;
  subject: string;
  headers?: MsgHdrs;
  /** Its place in the stream: a batch is handled in this order. */
  streamSeq: number;
}

/** What became of one message of a batch; `heldBehind` names the failed message it waits for. */
export type DeliveryOutcome =
  { ok: true } | { ok: false; error: unknown; heldBehind?: number /* index in the batch */ };

/**
 * Handles a batch and says, per message and in the batch's order, whether it is done (its effect
 * committed) or must come again. Throwing means none is done.
 */
export type BatchHandler = (batch: Delivery[]) => Promise<DeliveryOutcome[]>;

/**
 * Why a message cannot be handled: `park` when it names an event type or version this code does not
 * know yet (a newer publisher; a newer replica of this consumer can take it up), `dead-letter` when it
 * is broken (not JSON, malformed envelope, payload outside its contract) and no code will handle it.
 */
export type Undecodable = { ok: false; reason: string; disposition: 'park' | 'dead-letter' };
export type Decoded = { ok: true; delivery: Delivery } | Undecodable;

/** Parses and validates an envelope once; what cannot be handled says why and where it must go. */
export function decodeEnvelope(
  data: Uint8Array,
): { ok: true; envelope: Envelope & { type: EventType } } | Undecodable {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(data));
  } catch (e) {
    return { ok: false, reason: `not JSON: ${(e as Error).message}`, disposition: 'dead-letter' };
  }
  try {
    return { ok: true, envelope: parseEnvelope(raw) };
  } catch (e) {
    if (!(e instanceof ContractViolation)) throw e;
    // parseEnvelope's words for a type or version it has no schema for (libs/contracts registry.ts).
    const unknown = /^unknown (event type|version) /.test(e.message);
    return { ok: false, reason: e.message, disposition: unknown ? 'park' : 'dead-letter' };
  }
}

/** Decodes a message of a batch once; what can never be handled says why. */
export function decodeDelivery(m: JsMsg): Decoded {
  const decoded = decodeEnvelope(m.data);
  if (!decoded.ok) return decoded;
  return {
    ok: true,
    delivery: {
      envelope: decoded.envelope,
      deliveryCount: m.info.redeliveryCount,
      subject: m.subject,
      headers: m.headers,
      streamSeq: m.seq,
    },
  };
}
