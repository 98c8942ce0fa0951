import { randomBytes, scrypt, ScryptOptions, timingSafeEqual } from 'node:crypto';

/**
 * scrypt from node:crypto: memory-hard, no native add-on. N=2^17, r=8, p=1 is OWASP's recommended
 * minimum: 128 MiB and a few hundred milliseconds per hash. Parameters are stored with every hash, so
 * older, cheaper hashes keep verifying and are replaced at the next successful sign-in
 * (`hashNeedsUpgrade`).
 */
export const SCRYPT_COST = 2 ** 17;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 64;
/** Hashes computed at once per process: each holds 128·N·r bytes (128 MiB), so memory stays bounded. */
const MAX_CONCURRENT_HASHES = 2;

/** scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is below that for N=2^17, so leave room. */
function maxmemFor(cost: number, blockSize: number): number {
  return 128 * cost * blockSize * 2;
}

let running = 0;
const waiting: Array<() => void> = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_HASHES) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function derive(password: string, salt: Buffer, keyBytes: number, options: ScryptOptions): Promise<Buffer> {
  return limited(
    () =>
      new Promise((resolve, reject) =>
        scrypt(password.normalize('NFKC'), salt, keyBytes, options, (err, key) =>
          err ? reject(err) : resolve(key),
        ),
      ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, {
    N: SCRYPT_COST,
    r: BLOCK_SIZE,
    p: PARALLELISM,
    maxmem: maxmemFor(SCRYPT_COST, BLOCK_SIZE),
  });
  return [
    'scrypt',
    SCRYPT_COST,
    BLOCK_SIZE,
    PARALLELISM,
    salt.toString('base64'),
    key.toString('base64'),
  ].join('$');
}

/** True when a stored hash is weaker than what `hashPassword` makes today (re-hash after a good sign-in). */
export function hashNeedsUpgrade(stored: string): boolean {
  const [alg, cost, blockSize, parallelism] = stored.split('$');
  return (
    alg !== 'scrypt' ||
    Number(cost) < SCRYPT_COST ||
    Number(blockSize) < BLOCK_SIZE ||
    Number(parallelism) < PARALLELISM
  );
}

/** False for a wrong password and for anything that is not a hash this module wrote. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [cost, blockSize, parallelism] = parts.slice(1, 4).map(Number);
  // Bounds keep a corrupted or hostile row from asking for gigabytes of memory.
  const sane = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;
  if (!sane(cost, 2 ** 18) || !sane(blockSize, 16) || !sane(parallelism, 4)) return false;
  if (128 * cost * blockSize > 256 * 1024 * 1024) return false;
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (salt.length === 0 || expected.length < 16) return false;
  const actual = await derive(password, salt, expected.length, {
    N: cost,
    r: blockSize,
    p: parallelism,
    maxmem: maxmemFor(cost, blockSize),
  });
  return timingSafeEqual(actual, expected);
}
