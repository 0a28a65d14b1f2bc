/**
 * Which web pages may act on this server: open a socket, log the operator
 * in or out, report an error. A browser says where a request comes from in
 * `Origin` (every websocket, every cross-origin request, every POST) and, on
 * HTTPS and localhost, in `Sec-Fetch-Site`; a page cannot forge either, nor
 * `Host`. So a request whose page is known is judged by it, and one with no
 * page at all (curl, the load test, a socket.io client in Node) is left to
 * each endpoint: players may connect that way, the operator's endpoints may not.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** Vite's dev server (`npm run dev`), which passes /socket.io and /api to port 3000. */
export const DEVELOPMENT_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'] as const;

/**
 * `allowed`: a page of an allowed origin; `foreign`: a page of any other
 * origin (or one the browser hides as `null`); `unknown`: no page is named,
 * as from programs that are not browsers.
 */
export type OriginVerdict = 'allowed' | 'foreign' | 'unknown';

export interface OriginPolicyOptions {
  /** ALLOWED_ORIGINS; when absent, the server's own origin as each request names it. */
  allowed?: readonly string[];
  /** Adds Vite's dev server to the server's own origin (NODE_ENV other than production). */
  development?: boolean;
  /** Proxies in front (TRUST_PROXY): their X-Forwarded-Proto and -Host name the server's own origin. */
  trustProxy: number;
}

export interface OriginPolicy {
  judge(req: IncomingMessage): OriginVerdict;
  /** The origins a request would be allowed from, for a log line that explains a refusal. */
  allowedFor(req: IncomingMessage): string[];
}

/** `scheme://host[:port]` in URL's own spelling (lower case, no default port), or undefined. */
export function normaliseOrigin(text: string): string | undefined {
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/** ALLOWED_ORIGINS: comma-separated origins; throws on anything that is not `http(s)://host[:port]`. */
export function parseOrigins(text: string): string[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const origin = normaliseOrigin(entry);
      const url = origin && new URL(entry);
      if (!url || url.pathname !== '/' || url.search || url.hash || url.username) {
        throw new Error(`not an origin (scheme://host[:port], nothing after it): ${entry}`);
      }
      return origin;
    });
}

const first = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim() || undefined;

/**
 * The origin the request was sent to, as the browser saw it: its Host with
 * the scheme it came in on; behind trusted proxies, theirs. A proxy header
 * cannot be set by a page without a CORS preflight, which nothing here answers.
 */
export function ownOrigin(req: IncomingMessage, trustProxy: number): string | undefined {
  const tls = Boolean((req.socket as TLSSocket | undefined)?.encrypted);
  const proxied = trustProxy > 0;
  const scheme = (proxied && first(req.headers['x-forwarded-proto'])) || (tls ? 'https' : 'http');
  const host = (proxied && first(req.headers['x-forwarded-host'])) || req.headers.host;
  return host ? normaliseOrigin(`${scheme}://${host}`) : undefined;
}

export function createOriginPolicy(options: OriginPolicyOptions): OriginPolicy {
  const fixed = options.allowed && new Set(options.allowed.map((o) => normaliseOrigin(o) ?? o));
  const extra = options.development ? DEVELOPMENT_ORIGINS : [];
  const allowedFor = (req: IncomingMessage): string[] => {
    if (fixed) return [...fixed];
    const own = ownOrigin(req, options.trustProxy);
    return [...(own ? [own] : []), ...extra];
  };
  return {
    allowedFor,
    judge(req) {
      const origin = first(req.headers.origin);
      if (origin && origin !== 'null') {
        const named = normaliseOrigin(origin);
        return named !== undefined && allowedFor(req).includes(named) ? 'allowed' : 'foreign';
      }
      // No origin, or one the browser hid (`null`: a sandboxed frame, a strict referrer policy).
      const site = first(req.headers['sec-fetch-site']);
      if (site === 'same-origin') return 'allowed';
      if (site === 'same-site' || site === 'cross-site' || origin === 'null') return 'foreign';
      return 'unknown';
    },
  };
}
