import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  importPKCS8,
  JWK,
  KeyLike,
} from 'jose';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { STAFF_TOKEN_ALGORITHM, StaffSigningKey } from './staff-token';

/** The key is not an Ed25519 private key in PKCS#8 PEM or JWK form. */
export class InvalidStaffSigningKey extends Error {
  constructor(detail: string) {
    super(`STAFF_TOKEN_PRIVATE_KEY: ${detail}`);
    this.name = 'InvalidStaffSigningKey';
  }
}

async function fromPrivate(privateKey: KeyLike): Promise<StaffSigningKey> {
  const jwk = await exportJWK(createPublicKey(privateKey as Parameters<typeof createPublicKey>[0]));
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, privateKey, publicJwk: { ...jwk, kid, alg: STAFF_TOKEN_ALGORITHM, use: 'sig' } };
}

/** A fresh Ed25519 key pair: in development and tests, where no key is configured. */
export async function generateStaffSigningKey(): Promise<StaffSigningKey> {
  const { privateKey } = await generateKeyPair(STAFF_TOKEN_ALGORITHM, { crv: 'Ed25519', extractable: true });
  return fromPrivate(privateKey);
}

/** Reads STAFF_TOKEN_PRIVATE_KEY: an Ed25519 private key as PKCS#8 PEM (`openssl genpkey -algorithm ed25519`) or a JWK. */
export async function loadStaffSigningKey(text: string): Promise<StaffSigningKey> {
  const trimmed = text.trim();
  let key: KeyLike;
  try {
    if (trimmed.startsWith('{')) {
      const jwk = JSON.parse(trimmed) as JWK;
      if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.d !== 'string')
        throw new InvalidStaffSigningKey(
          'a JWK must be an Ed25519 private key (kty OKP, crv Ed25519, with d)',
        );
      key = (await importJWK(jwk, STAFF_TOKEN_ALGORITHM)) as KeyLike;
    } else {
      key = await importPKCS8(trimmed.replace(/\\n/g, '\n'), STAFF_TOKEN_ALGORITHM);
    }
  } catch (e) {
    if (e instanceof InvalidStaffSigningKey) throw e;
    throw new InvalidStaffSigningKey('not an Ed25519 private key (PKCS#8 PEM or JWK)');
  }
  return fromPrivate(key);
}

/** The raw private scalar of a signing key (for the secrets check: length and known values). */
export function rawPrivateKeyBytes(key: StaffSigningKey): Buffer {
  const jwk = createPrivateKey(key.privateKey as Parameters<typeof createPrivateKey>[0]).export({
    format: 'jwk',
  });
  return Buffer.from(jwk.d ?? '', 'base64url');
}

export async function importStaffPublicJwk(jwk: JWK): Promise<KeyLike | undefined> {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || 'd' in jwk) return undefined;
  try {
    return (await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, STAFF_TOKEN_ALGORITHM)) as KeyLike;
  } catch {
    return undefined;
  }
}
