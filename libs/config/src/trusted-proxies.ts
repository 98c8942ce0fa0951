import { isIP } from 'node:net';

/** Names proxy-addr (Fastify's trustProxy) knows for address ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * The proxies whose X-Forwarded-For (and -Proto, -Host) a service believes, from TRUSTED_PROXIES:
 * comma-separated addresses, CIDR ranges or the names `loopback`, `linklocal`, `uniquelocal`; `none`
 * (or empty) for no proxy at all. A request's address is then the right-most one in the chain that
 * is not a trusted proxy, so a client cannot choose its own address by writing the header: what it
 * writes is to the left of what our proxies append. `true` (trust anyone) is not expressible.
 */
export function parseTrustedProxies(
  raw: string,
): { ok: true; value: string[] | false } | { ok: false; error: string } {
  const entries = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0 || (entries.length === 1 && entries[0].toLowerCase() === 'none'))
    return { ok: true, value: false };
  for (const entry of entries) {
    if (NAMED_RANGES.has(entry)) continue;
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address);
    const maxBits = family === 6 ? 128 : 32;
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (!family || !bitsOk || extra !== undefined)
      return {
        ok: false,
        error: `"${entry}" is not an address, a CIDR range, loopback, linklocal or uniquelocal (or use none)`,
      };
    if (bits !== undefined && Number(bits) === 0)
      return { ok: false, error: `"${entry}" would trust every address: name the proxies` };
  }
  return { ok: true, value: entries };
}
