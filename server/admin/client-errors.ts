import express, { type RequestHandler } from 'express';
import { z } from 'zod';
import type { ClientErrorReport } from '../../protocol/admin.js';
import { readJson } from '../json-body.js';
import type { Logger } from '../log.js';
import type { OriginPolicy } from '../origins.js';
import { clientAddress } from '../realtime/client-address.js';
import { perAddress, type SharedLimits } from '../realtime/rate-limits.js';

/** A report is a few KB at most; anything bigger is not from our client. */
export const CLIENT_ERROR_BODY_LIMIT = '16kb';

/** How many reports one address may send; the client itself sends at most 10 a page load. */
export interface ClientErrorLimit {
  reports: number;
  perSeconds: number;
}

export const DEFAULT_CLIENT_ERROR_LIMIT: ClientErrorLimit = { reports: 20, perSeconds: 600 };

/** A path (`/r/ABCD`) or an http(s) URL, in printable ASCII as browsers encode them. */
const PAGE = /^(https?:\/\/[!-.0-~]+)?\/[!-~]*$/;

/**
 * What a browser sends (client/src/report-errors.ts); the server adds `at`,
 * as a browser's clock is not to be trusted. Unknown fields are rejected:
 * only our own client posts here, and it sends these and no others.
 */
export const ClientErrorBody = z.strictObject({
  message: z.string().min(1).max(2000),
  stack: z.string().max(8000).optional(),
  page: z.string().max(500).regex(PAGE),
  version: z
    .string()
    .max(40)
    .regex(/^[0-9A-Za-z.+_-]+$/),
  kind: z.enum(['error', 'unhandledrejection']),
}) satisfies z.ZodType<Omit<ClientErrorReport, 'at'>>;

/** Enough of a user agent to tell browsers apart; the rest is noise in the log. */
const USER_AGENT_CHARS = 200;

export interface ClientErrorDeps {
  /** The client-errors file log (log-files.ts): one line per accepted report. */
  log: Logger;
  /** Every accepted report, for the dashboard's recent list and per-minute count. */
  onReport: (report: ClientErrorReport) => void;
  /** Proxy hops in front of the node (TRUST_PROXY), to find the browser's address. */
  trustProxy: number;
  /** Pages of other origins are refused (403); programs, which name no page, are not. */
  origins: OriginPolicy;
  limit?: ClientErrorLimit;
  /** Per-address counts in Redis when several nodes serve the players. */
  shared?: SharedLimits;
  clock?: () => number;
}

/**
 * POST /api/client-errors. Answers 204 when a report is accepted; 403
 * `forbidden` (a page of another origin), 413 `too_large`, 400 `bad_request`
 * (not JSON, broken JSON, or the wrong shape) and 429 `rate_limited`
 * otherwise. The browser ignores the answer.
 */
export function createClientErrorHandler(deps: ClientErrorDeps): RequestHandler {
  const clock = deps.clock ?? Date.now;
  const limit = deps.limit ?? DEFAULT_CLIENT_ERROR_LIMIT;
  const limiter = perAddress('client-errors', limit.reports, limit.perSeconds, deps.shared);
  const parseJson = express.json({ limit: CLIENT_ERROR_BODY_LIMIT, type: 'application/json' });

  return async (req, res) => {
    // Another site's page may not fill the operator's list, nor use up its visitors' allowance.
    if (deps.origins.judge(req) === 'foreign') {
      return void res.status(403).json({ error: 'forbidden' });
    }
    const ip = clientAddress(
      { address: req.socket.remoteAddress ?? '', headers: req.headers },
      deps.trustProxy,
    );
    // Counted before the body is read: a flood costs us no parsing.
    const allowed = await limiter.consume(ip).then(
      () => true,
      () => false,
    );
    if (!allowed) return void res.status(429).json({ error: 'rate_limited' });
    if (!req.is('application/json')) return void res.status(400).json({ error: 'bad_request' });
    const parsedJson = await readJson(parseJson, req, res);
    if (parsedJson === 'too_large') return void res.status(413).json({ error: 'too_large' });
    const body = parsedJson === 'ok' ? ClientErrorBody.safeParse(req.body) : undefined;
    if (!body?.success) return void res.status(400).json({ error: 'bad_request' });

    const report: ClientErrorReport = { at: clock(), ...body.data };
    // Who sent it, to tell one broken browser from many; never its cookies.
    const userAgent = req.get('user-agent')?.slice(0, USER_AGENT_CHARS);
    deps.log.warn({ report, ip, userAgent }, 'client error');
    deps.onReport(report);
    res.status(204).end();
  };
}
