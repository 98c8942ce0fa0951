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

export type Decoded = { ok: true; delivery: Delivery } | { ok: false; reason: string };

/** Parses and validates a message once; what can never be handled says why. */
export function decodeDelivery(m: JsMsg): Decoded {
  try {
    const envelope = parseEnvelope(m.json<unknown>());
    return {
      ok: true,
      delivery: {
        envelope,
        deliveryCount: m.info.redeliveryCount,
        subject: m.subject,
        headers: m.headers,
        streamSeq: m.seq,
      },
    };
  } catch (e) {
    return {
      ok: false,
      reason: e instanceof ContractViolation ? e.message : `not JSON: ${(e as Error).message}`,
    };
  }
}
