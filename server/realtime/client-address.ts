/**
 * The address a socket's player connects from, for the per-IP limits. Behind
 * a load balancer every socket comes from the balancer's address; with
 * `trustedProxies` hops in front (TRUST_PROXY), the player's address is the
 * one those proxies appended last to X-Forwarded-For. Entries further left
 * are the client's own claims and not trusted.
 */
export function clientAddress(
  handshake: { address: string; headers: Record<string, string | string[] | undefined> },
  trustedProxies: number,
): string {
  if (trustedProxies <= 0) return handshake.address;
  const header = handshake.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  return hops[Math.max(0, hops.length - trustedProxies)] ?? handshake.address;
}
