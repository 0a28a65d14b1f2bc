import compression from 'compression';
import express, {
  type ErrorRequestHandler,
  type Express,
  type NextFunction,
  type Request,
  type Response,
} from 'express';
import type { Registry } from 'prom-client';
import type { GameEnded } from '../protocol/types.js';
import { createApiRouter } from './api-router.js';
import { createClientRouter } from './client-router.js';
import type { DailyRouteParts } from './daily/daily-router.js';
import type { ScopeMaps } from './maps/scope-maps.js';
import { createMonitoringRouter } from './monitoring-router.js';
import type { Gazetteer } from './places/gazetteer.js';
import type { NameIndex } from './places/name-index.js';
import type { Logger } from './log.js';
import { requestLogger } from './request-logger.js';
import type { StartupSnapshot } from './startup-status.js';
import { securityHeaders } from './security-headers.js';
import { StoreUnavailableError, type LobbySummary } from './rooms/room-store.js';

/** What the HTTP routes need once the node is ready. */
export interface ReadyParts {
  publicRooms: () => Promise<LobbySummary[]>;
  roomCount: () => Promise<number>;
  loadGame: (id: string) => Promise<GameEnded | undefined>;
  gazetteer: Gazetteer;
  /** Every place in memory: where a region's places lie, for its map. */
  names?: NameIndex;
  log: Logger;
  /** Whether the node's database and Redis answer, for GET /readyz. */
  readiness: () => Promise<Record<string, boolean>>;
  /** Feature `daily`: the quiz of each day and the days' boards (server/daily/daily-router.ts). */
  daily?: DailyRouteParts;
}

export interface AppDeps {
  /** The node's parts once it has started (database migrated, gazetteer imported); undefined before. */
  ready: () => ReadyParts | undefined;
  /** Until then, what the node is doing: /healthz tells the starting page. */
  starting?: () => StartupSnapshot;
  /** The prepared country outlines, shared with whoever warms them. */
  maps?: ScopeMaps;
  /** The node's metrics for GET /metrics, behind a bearer token when one is set. */
  metrics?: { registry: Registry; token?: string };
  /** How many proxies in front set X-Forwarded-For and X-Forwarded-Proto (TRUST_PROXY). */
  trustProxy?: number;
  /** Where each request is logged (with its id), at debug level unless it failed. */
  log?: Logger;
  /** The operator's pages and their API under /admin (server/admin/admin-router.ts). */
  admin?: express.Router;
  /** /g/:id with the game's link-preview tags, and its results map (server/share/share-router.ts). */
  share?: express.Router;
  /** POST /api/client-errors: browsers report their uncaught errors (server/admin/client-errors.ts). */
  clientErrors?: express.RequestHandler;
  /** POST /api/visit: browsers' page-view beacons, counted without personal data (server/visits/). */
  visit?: express.RequestHandler;
  /** "What people name": GET /api/stats/:scope and its shares (server/stats/stats-router.ts). */
  stats?: express.Router;
  /** Serve the client's source maps (/assets/*.map, SOURCE_MAPS=1); 404 otherwise, as they carry its source. */
  sourceMaps?: boolean;
}

/**
 * The HTTP application, built from its parts and never listening itself:
 * server/main.ts starts it, tests build it with parts of their own.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // The player's address (per-IP limits, the login guard) and whether they came over TLS (Secure cookies).
  app.set('trust proxy', deps.trustProxy ?? 0);
  if (deps.log) app.use(requestLogger(deps.log));
  // JSON, pages and scripts travel compressed even without a proxy in front (npm start).
  app.use(compression());
  // helmet's headers; upgrade-insecure-requests and HSTS only over TLS (server/security-headers.ts).
  app.use(securityHeaders());

  app.use(createMonitoringRouter(deps));
  if (deps.stats) app.use(deps.stats);
  app.use(createApiRouter(deps));
  if (deps.admin) app.use('/admin', deps.admin);
  if (deps.share) app.use(deps.share);
  app.use(createClientRouter(deps));
  app.use(answerErrors(deps.ready));
  return app;
}

/** Errors answer in JSON with a code, never with a stack trace or a file path. */
function answerErrors(ready: AppDeps['ready']): ErrorRequestHandler {
  return (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    if (err instanceof StoreUnavailableError) {
      return void res.status(503).json({ error: 'unavailable' });
    }
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return void res.status(status).json({ error: status === 404 ? 'not_found' : 'bad_request' });
    }
    ready()?.log.error({ err }, 'HTTP request failed');
    res.status(500).json({ error: 'internal' });
  };
}
