import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Envelope, ERASED, personalFieldsOf, SealedFields } from '@citizen-desk/contracts';

/** A citizen's data key: 32 random bytes for AES-256-GCM, named by a random id that carries no identity. */
export interface CitizenKey {
  kid: string;
  key: Buffer;
}

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function valueAt(data: unknown, path: string): unknown {
  let at: unknown = data;
  for (const part of path.split('.')) {
    if (!isObject(at)) return undefined;
    at = at[part];
  }
  return at;
}

/** A copy of `data` with the value at `path` replaced (or removed when `value` is undefined); the original is untouched. */
export function withValueAt(data: unknown, path: string, value: unknown): unknown {
  const [head, ...rest] = path.split('.');
  const copy: Json = isObject(data) ? { ...data } : {};
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
    return copy;
  }
  if (!isObject(copy[head]) && value === undefined) return copy;
  copy[head] = withValueAt(copy[head], rest.join('.'), value);
  return copy;
}

/** The citizen whose key seals this envelope, when it has personal fields to seal and is not sealed yet. */
export function ownerToSeal(envelope: Envelope): string | undefined {
  if (envelope.sealed) return undefined;
  const declared = personalFieldsOf(envelope.type);
  if (!declared) return undefined;
  const owner = valueAt(envelope.data, declared.owner);
  if (typeof owner !== 'string') return undefined;
  return Object.keys(declared.fields).some((path) => valueAt(envelope.data, path) !== undefined)
    ? owner
    : undefined;
}

/** The data as a reader without the key sees it: texts read ERASED, the other personal fields are gone. */
function erasedView(type: string, data: unknown): { data: unknown; secret: Json } {
  const declared = personalFieldsOf(type)!;
  const secret: Json = {};
  let view = data;
  for (const [path, erasedAs] of Object.entries(declared.fields)) {
    const value = valueAt(data, path);
    if (value === undefined) continue;
    secret[path] = value;
    view = withValueAt(view, path, erasedAs === 'text' && typeof value === 'string' ? ERASED : undefined);
  }
  return { data: view, secret };
}

/**
 * Encrypts the envelope's personal fields (personal-data.ts) with the citizen's key: `data` keeps the
 * erased view, so it still fits the contract and a reader without the key gets placeholders, and
 * `sealed` holds the rest. The envelope id is the additional data. Envelopes with nothing to seal
 * come back as they are.
 */
export function sealEnvelope<E extends Envelope>(envelope: E, key: CitizenKey): E {
  if (envelope.sealed || !personalFieldsOf(envelope.type)) return envelope;
  const { data, secret } = erasedView(envelope.type, envelope.data);
  if (Object.keys(secret).length === 0) return envelope;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key.key, iv);
  cipher.setAAD(Buffer.from(envelope.id));
  const ct = Buffer.concat([
    cipher.update(JSON.stringify(secret), 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  const sealed: SealedFields = { v: 1, kid: key.kid, iv: iv.toString('base64'), ct: ct.toString('base64') };
  return { ...envelope, data, sealed };
}

/**
 * The envelope with its personal fields back, when `key` is the one that sealed it. Without it (the
 * citizen was forgotten and the key deleted) or when the blob does not open, the erased view: never
 * an error, so a consumer or a fold goes on with placeholders.
 */
export function openEnvelope<E extends Envelope>(envelope: E, key: CitizenKey | undefined): E {
  const { sealed, ...rest } = envelope;
  if (!sealed) return envelope;
  const clear = rest as unknown as E;
  if (!key || key.kid !== sealed.kid) return clear;
  let secret: unknown;
  try {
    const blob = Buffer.from(sealed.ct, 'base64');
    const decipher = createDecipheriv(ALGORITHM, key.key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(envelope.id));
    decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(blob.subarray(0, blob.length - TAG_BYTES)),
      decipher.final(),
    ]);
    secret = JSON.parse(plain.toString('utf8'));
  } catch {
    return clear;
  }
  if (!isObject(secret)) return clear;
  let data = clear.data;
  for (const [path, value] of Object.entries(secret)) data = withValueAt(data, path, value);
  return { ...clear, data };
}

export function newCitizenKey(kid: string): CitizenKey {
  return { kid, key: randomBytes(32) };
}
