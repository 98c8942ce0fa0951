import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ImageType, sniffImageType } from './image-sniff';

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

export interface FetchPhotoOptions {
  /** Bytes at most; reading stops as soon as more arrive. */
  maxBytes: number;
  /** For the whole exchange, body included. */
  timeoutMs: number;
  /** Loopback and private networks (tests, a local simulator); refused otherwise, as Viber's media is public. */
  allowPrivateHosts: boolean;
  maxRedirects?: number;
}

export type PhotoRejection = 'not-an-image' | 'too-large' | 'unreachable';
export type FetchedPhoto =
  { ok: true; bytes: Buffer; contentType: ImageType } | { ok: false; reason: PhotoRejection; detail: string };

const refused = (reason: PhotoRejection, detail: string): FetchedPhoto => ({ ok: false, reason, detail });

/** Addresses a fetch on a citizen's behalf must not reach: loopback, private, link-local, unspecified. */
export function isPrivateAddress(address: string): boolean {
  const v = isIP(address);
  if (v === 4) {
    const [a, b] = address.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168)
    );
  }
  if (v === 6) {
    const x = address.toLowerCase();
    if (x.startsWith('::ffff:')) return isPrivateAddress(x.slice(7));
    return x === '::' || x === '::1' || /^f[cd]/.test(x) || /^fe[89ab]/.test(x);
  }
  return true;
}

async function hostAllowed(url: URL, opts: FetchPhotoOptions): Promise<boolean> {
  if (opts.allowPrivateHosts) return true;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return !isPrivateAddress(host);
  if (host === 'localhost' || host.endsWith('.localhost')) return false;
  try {
    const addresses = await lookup(host, { all: true });
    return addresses.length > 0 && addresses.every((a) => !isPrivateAddress(a.address));
  } catch {
    return false;
  }
}

/**
 * Fetches a citizen's photo from the channel's media link (Viber's expire), bounded: http(s) only, at
 * most `maxRedirects` redirects and only to http(s), a time-out over the whole exchange, and reading
 * stops past `maxBytes`. Only JPEG, PNG, WebP and GIF are kept, known by their first bytes.
 */
export async function fetchPhoto(link: string, opts: FetchPhotoOptions): Promise<FetchedPhoto> {
  const signal = AbortSignal.timeout(opts.timeoutMs);
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return refused('unreachable', 'not a URL');
  }
  try {
    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return refused('unreachable', `${url.protocol} is not http(s)`);
      if (!(await hostAllowed(url, opts))) return refused('unreachable', `${url.hostname} is not public`);
      const res = await fetch(url, { redirect: 'manual', signal, headers: { accept: 'image/*' } });
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel();
        const location = res.headers.get('location');
        if (!location || hop >= (opts.maxRedirects ?? 3))
          return refused('unreachable', `redirect ${res.status} not followed`);
        url = new URL(location, url);
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel();
        return refused('unreachable', `HTTP ${res.status}`);
      }
      const declared = Number(res.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > opts.maxBytes) {
        await res.body?.cancel();
        return refused('too-large', `${declared} bytes declared`);
      }
      return await readBounded(res, opts.maxBytes);
    }
  } catch (e) {
    return refused('unreachable', e instanceof Error ? e.message : String(e));
  }
}

async function readBounded(res: Response, maxBytes: number): Promise<FetchedPhoto> {
  if (!res.body) return refused('not-an-image', 'empty body');
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return refused('too-large', `over ${maxBytes} bytes`);
    }
    chunks.push(value);
    // The first bytes tell already: no need to download the rest of what is not an image.
    if (chunks.length === 1 && value.byteLength >= 12 && !sniffImageType(value)) {
      await reader.cancel();
      return refused('not-an-image', 'not JPEG, PNG, WebP or GIF');
    }
  }
  const bytes = Buffer.concat(chunks);
  const contentType = sniffImageType(bytes);
  return contentType
    ? { ok: true, bytes, contentType }
    : refused('not-an-image', 'not JPEG, PNG, WebP or GIF');
}
