/**
 * Every HTTP request gets an id (the proxy's X-Request-Id when it sent a
 * sane one), on its log lines and in the response's X-Request-Id. Requests
 * are logged at debug level when they went well, so the info log is not a
 * copy of the access log; client errors (4xx) at info, server errors at
 * error; health probes and scrapes not at all. Headers are left out: cookies and bearer tokens never reach a log.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp } from 'pino-http';
import type { Logger } from './log.js';

const SANE_ID = /^[\w.:-]{8,100}$/;
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

export function requestLogger(log: Logger) {
  return pinoHttp({
    logger: log,
    genReqId(req: IncomingMessage, res: ServerResponse) {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && SANE_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // Probes ask every few seconds; their answers are the probe's to log.
    autoLogging: { ignore: (req) => PROBES.has(req.url?.split('?')[0] ?? '') },
    customLogLevel(_req, res, err) {
      if (err || res.statusCode === 500) return 'error';
      // 503: starting, or the room store briefly away; said by the node's own log lines.
      if (res.statusCode >= 500) return 'warn';
      return res.statusCode >= 400 ? 'info' : 'debug';
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        // The path only: a query string is the client's to fill and is not needed here.
        path: req.url.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
