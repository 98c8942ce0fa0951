import { Envelope } from '@citizen-desk/contracts';
import { CitizenKeys } from './citizen-keys';
import { openEnvelope, ownerToSeal, sealEnvelope } from './sealing';

/** Seals envelopes before they are stored or published, opens them when they are read or consumed. */
export interface EnvelopeCipher {
  seal<E extends Envelope>(envelopes: readonly E[]): Promise<E[]>;
  open<E extends Envelope>(envelopes: readonly E[]): Promise<E[]>;
}

const sealedForms = new WeakMap<object, Envelope>();

/**
 * The envelope as it was stored or published, for an envelope `open` returned (analytics keeps its
 * copy sealed); the envelope itself otherwise.
 */
export function sealedFormOf<E extends Envelope>(envelope: E): E {
  return (sealedForms.get(envelope) as E | undefined) ?? envelope;
}

/** The citizens' keys applied to whole batches: one key lookup per call, at most. */
export class CitizenDataCipher implements EnvelopeCipher {
  constructor(readonly keys: CitizenKeys) {}

  async seal<E extends Envelope>(envelopes: readonly E[]): Promise<E[]> {
    const owners = envelopes.map(ownerToSeal);
    const wanted = owners.filter((o): o is string => o !== undefined);
    if (wanted.length === 0) return [...envelopes];
    const keys = await this.keys.forCitizens(wanted);
    return envelopes.map((e, i) => (owners[i] === undefined ? e : sealEnvelope(e, keys.get(owners[i]!)!)));
  }

  async open<E extends Envelope>(envelopes: readonly E[]): Promise<E[]> {
    const kids = envelopes.flatMap((e) => (e.sealed ? [e.sealed.kid] : []));
    if (kids.length === 0) return [...envelopes];
    const keys = await this.keys.byIds(kids);
    return envelopes.map((e) => {
      if (!e.sealed) return e;
      const opened = openEnvelope(e, keys.get(e.sealed.kid));
      sealedForms.set(opened, e);
      return opened;
    });
  }
}

/** No encryption: stores built without keys (tests of the store itself, tools). */
export const CLEAR_TEXT: EnvelopeCipher = {
  seal: async (envelopes) => [...envelopes],
  open: async (envelopes) => [...envelopes],
};
