/**
 * The address a request came from, for the sign-in limits. Behind `trustedHops` proxies of our own
 * (the ingress), each appends the address it saw to X-Forwarded-For, so the client is that many
 * entries from the right; anything further left was written by the client and is not trusted.
 */
export function clientIpOf(
  request: { headers: Record<string, string | string[] | undefined>; socket?: { remoteAddress?: string } },
  trustedHops: number,
): string {
  const peer = request.socket?.remoteAddress ?? 'unknown';
  if (trustedHops <= 0) return peer;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  return chain[Math.max(0, chain.length - 1 - trustedHops)];
}
