/**
 * The origin rule (origins.ts) where requests arrive: socket.io's handshake
 * for every namespace and transport, and the HTTP endpoints that change
 * something. A refusal comes first, so a foreign page's request costs a
 * header comparison and counts toward nothing (no login failure, no limit).
 */
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ServerOptions } from 'socket.io';
import type { Logger } from './log.js';
import type { OriginPolicy } from './origins.js';
import { clientAddress } from './realtime/client-address.js';

/** What a page of a foreign origin is told when its socket is refused (in the 403's body). */
export function foreignOriginMessage(req: IncomingMessage): string {
  const origin = String(req.headers.origin ?? 'this page').slice(0, 100);
  return (
    `${origin} may not connect to this game server: open the game from its own address ` +
    '(the operator can allow other origins in ALLOWED_ORIGINS)'
  );
}

/**
 * socket.io's `allowRequest`: run by engine.io on the handshake of every
 * connection, websocket or polling, before any namespace. A page of a
 * foreign origin is refused (HTTP 403, or 400 on a websocket upgrade, with a
 * message for people); a client that names no page (programs) passes, and the
 * operator's namespace asks more of it (live-namespace.ts). Later requests
 * of a connection carry its session id, which only the handshake's answer
 * holds, and no other origin can read that (the server sends no CORS headers).
 */
export function allowRequestFrom(
  policy: OriginPolicy,
  log: Logger,
  trustProxy = 0,
): NonNullable<ServerOptions['allowRequest']> {
  return (req, callback) => {
    if (policy.judge(req) !== 'foreign') return callback(null, true);
    const address = { address: req.socket.remoteAddress ?? '', headers: req.headers };
    log.info(
      {
        ip: clientAddress(address, trustProxy),
        origin: String(req.headers.origin ?? '').slice(0, 200),
        fetchSite: fetchSiteOf(req),
        allowed: policy.allowedFor(req),
      },
      'socket refused: a page of another origin',
    );
    callback(foreignOriginMessage(req), false);
  };
}

export interface SameOriginOptions {
  /** A request that names no page (not a browser): let it through, or refuse it as well. */
  unknown: 'allow' | 'refuse';
  /** Writes the 403 (a page for the login form, JSON for an API). */
  refuse: (req: Request, res: Response) => void;
  log: Logger;
}

/**
 * Express: only pages of this site (and, where `unknown` is 'allow', programs)
 * get past. Browsers send Origin with every POST, so a form or `fetch` of
 * another site is refused here, before the body is read or anything counted.
 */
export function sameOriginOnly(policy: OriginPolicy, options: SameOriginOptions): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const verdict = policy.judge(req);
    if (verdict === 'allowed' || (verdict === 'unknown' && options.unknown === 'allow')) {
      return next();
    }
    options.log.info(
      {
        ip: req.ip,
        path: req.baseUrl + req.path,
        origin: String(req.headers.origin ?? '').slice(0, 200),
        fetchSite: fetchSiteOf(req),
      },
      'request refused: not from a page of this site',
    );
    res.status(403).set('Cache-Control', 'no-store');
    options.refuse(req, res);
  };
}

/**
 * What the browser says of the page that made the request (`Sec-Fetch-Site`:
 * `cross-site`…), or "" when nothing did. Browsers always send it, programs
 * rarely: fail2ban bans an address for refused origins only when it is
 * empty (ops/fail2ban/), since a browser refused here is a player's, sent by
 * a page of another site they opened, and not theirs to answer for.
 */
function fetchSiteOf(req: { headers: Record<string, string | string[] | undefined> }): string {
  return String(req.headers['sec-fetch-site'] ?? '').slice(0, 20);
}
