/**
 * POST /api/visit: a browser's page-view beacon (client/src/visits.ts). What
 * it counts is reduced on arrival, and nothing else of the request is kept:
 * the route's pattern, the referring site's domain on a visit's first view,
 * the browser's family and the screen's class, each a count of the day.
 * `DNT: 1` and `Sec-GPC: 1` are honoured by counting nothing at all.
 */
import express, { type RequestHandler } from 'express';
import { VisitBeacon } from '../../protocol/visits.js';
import { readJson } from '../json-body.js';
import type { OriginPolicy } from '../origins.js';
import { clientAddress } from '../realtime/client-address.js';
import { perAddress, type SharedLimits } from '../realtime/rate-limits.js';
import { browserFamily } from './browser-family.js';
import type { VisitCounter } from './visit-counter.js';
import { referringSite, screenClass } from './visit-keys.js';

/** A beacon is some 100 bytes; a referrer can make it 2 KB. */
const BODY_LIMIT = '4kb';

/**
 * Beacons one address may send. A player sends one a screen, a few a
 * minute; a school's classroom behind one address sends many more. What is
 * over it is not counted: the page is served all the same.
 */
export interface VisitLimit {
  views: number;
  perSeconds: number;
}

export const DEFAULT_VISIT_LIMIT: VisitLimit = { views: 120, perSeconds: 60 };

export interface VisitRouteDeps {
  counter: Pick<VisitCounter, 'count'>;
  /** Only this site's pages count (and are told apart from referring sites by it). */
  origins: OriginPolicy;
  /** Proxy hops in front of the node (TRUST_PROXY), to find the address the limit is kept for. */
  trustProxy: number;
  limit?: VisitLimit;
  /** Per-address limits in Redis when several nodes serve the players. */
  shared?: SharedLimits;
}

const hostOf = (origin: string) => new URL(origin).hostname;

/**
 * Answers 204 when the beacon is counted, and when it is not to be (DNT,
 * GPC, a bot); 403 `forbidden` (not from a page of this site), 429
 * `rate_limited`, 413 `too_large`, 400 `bad_request` (not JSON, or not a
 * beacon: a room code or any other page than a route's pattern). The browser
 * ignores the answer.
 */
export function createVisitHandler(deps: VisitRouteDeps): RequestHandler {
  const limit = deps.limit ?? DEFAULT_VISIT_LIMIT;
  const limiter = perAddress('visits', limit.views, limit.perSeconds, deps.shared);
  const parseJson = express.json({ limit: BODY_LIMIT, type: 'application/json' });

  return async (req, res) => {
    res.set('Cache-Control', 'no-store');
    // Only our pages post beacons (a browser names the page in every POST); programs are refused too.
    if (deps.origins.judge(req) !== 'allowed') {
      return void res.status(403).json({ error: 'forbidden' });
    }
    // Asked not to be counted: answered as if counted, before anything is read or limited.
    if (req.get('dnt') === '1' || req.get('sec-gpc') === '1') return void res.status(204).end();
    const ip = clientAddress(
      { address: req.socket.remoteAddress ?? '', headers: req.headers },
      deps.trustProxy,
    );
    // The address is the limiter's for a minute, in memory or Redis: never counted, never stored.
    const allowed = await limiter.consume(ip).then(
      () => true,
      () => false,
    );
    if (!allowed) return void res.status(429).json({ error: 'rate_limited' });
    if (!req.is('application/json')) return void res.status(400).json({ error: 'bad_request' });
    const parsedJson = await readJson(parseJson, req, res);
    if (parsedJson === 'too_large') return void res.status(413).json({ error: 'too_large' });
    const beacon = parsedJson === 'ok' ? VisitBeacon.safeParse(req.body) : undefined;
    if (!beacon?.success) return void res.status(400).json({ error: 'bad_request' });

    const browser = browserFamily(req.get('user-agent'));
    if (browser) {
      const { page, referrer, width } = beacon.data;
      deps.counter.count('page', page);
      deps.counter.count('browser', browser);
      deps.counter.count('screen', screenClass(width));
      const site = referringSite(referrer, deps.origins.allowedFor(req).map(hostOf));
      if (site) deps.counter.count('referrer', site);
    }
    res.status(204).end();
  };
}
