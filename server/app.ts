import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Registry } from 'prom-client';
import type { GameEnded } from '../protocol/types.js';
import { isClientPage } from './client-pages.js';
import { createMapRouter } from './maps/map-router.js';
import type { ScopeMaps } from './maps/scope-maps.js';
import type { Gazetteer } from './places/gazetteer.js';
import type { Logger } from './log.js';
import { requestLogger } from './request-logger.js';
import type { StartupSnapshot } from './startup-status.js';
import { sameSecret } from './same-secret.js';
import { createScopeNamesRouter } from './scope-names.js';
import { securityHeaders } from './security-headers.js';
import { StoreUnavailableError, type LobbySummary } from './rooms/room-store.js';

/** What the HTTP routes need once the node is ready. */
export interface ReadyParts {
  publicRooms: () => Promise<LobbySummary[]>;
  roomCount: () => Promise<number>;
  loadGame: (id: string) => Promise<GameEnded | undefined>;
  gazetteer: Gazetteer;
  log: Logger;
  /** Whether the node's database and Redis answer, for GET /readyz. */
  readiness: () => Promise<Record<string, boolean>>;
}

/** The built browser client (`npm run build`, run by `npm start`). */
const CLIENT_DIR = fileURLToPath(new URL('../dist/client/', import.meta.url));

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
  /** Serve the client's source maps (/assets/*.map, SOURCE_MAPS=1); 404 otherwise, as they carry its source. */
  sourceMaps?: boolean;
}

/** What a saved game's id looks like; anything else is no game, unasked of the database. */
export const GAME_ID = /^[A-Za-z0-9_-]{1,40}$/;

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

  app.get('/healthz', (_req, res) => {
    if (deps.ready()) return void res.json({ status: 'ok' });
    const { stage, progress } = deps.starting?.() ?? { stage: 'starting' };
    res.set('Cache-Control', 'no-store').status(503).json({ status: 'starting', stage, progress });
  });

  app.get('/readyz', async (_req, res) => {
    const parts = deps.ready();
    if (!parts) return void res.status(503).json({ status: 'starting' });
    const checks = await parts.readiness();
    const ready = Object.values(checks).every(Boolean);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks });
  });

  const { metrics } = deps;
  if (metrics) {
    app.get('/metrics', async (req, res, next) => {
      if (metrics.token && !sameSecret(req.get('authorization') ?? '', `Bearer ${metrics.token}`)) {
        return void res.status(401).set('WWW-Authenticate', 'Bearer').end();
      }
      try {
        res
          .set('Content-Type', metrics.registry.contentType)
          .send(await metrics.registry.metrics());
      } catch (err) {
        next(err);
      }
    });
  }

  app.get('/api/rooms', async (_req, res, next) => {
    const parts = deps.ready();
    if (!parts) return void res.status(503).json({ error: 'starting' });
    try {
      const [rooms, total] = await Promise.all([parts.publicRooms(), parts.roomCount()]);
      res.set('Cache-Control', 'no-store').json({ rooms, total });
    } catch (err) {
      next(err);
    }
  });

  app.get('/api/scopes', (_req, res) => {
    const parts = deps.ready();
    if (!parts) return void res.status(503).json({ error: 'starting' });
    res.set('Cache-Control', 'public, max-age=3600').json(parts.gazetteer.scopes);
  });
  app.use(createScopeNamesRouter(() => deps.ready()?.gazetteer.scopes));

  app.get('/api/regions/:scope', (req, res) => {
    const gazetteer = deps.ready()?.gazetteer;
    if (!gazetteer) return void res.status(503).json({ error: 'starting' });
    const scope = gazetteer.scope(req.params.scope);
    if (!scope) return void res.status(404).json({ error: 'not_found' });
    res.set('Cache-Control', 'public, max-age=3600').json(gazetteer.divisionsIn(scope));
  });

  app.use(
    createMapRouter(
      {
        ready: () => deps.ready() !== undefined,
        isScope: (id) => deps.ready()?.gazetteer.scope(id) !== undefined,
        countriesIn: (id) => {
          const gazetteer = deps.ready()?.gazetteer;
          const scope = gazetteer?.scope(id);
          return scope && gazetteer!.countriesIn(scope);
        },
      },
      deps.maps,
    ),
  );

  app.get('/api/games/:id', async (req, res, next) => {
    const parts = deps.ready();
    if (!parts) return void res.status(503).json({ error: 'starting' });
    if (!GAME_ID.test(req.params.id)) return void res.status(404).json({ error: 'not_found' });
    try {
      const game = await parts.loadGame(req.params.id);
      if (!game) return void res.status(404).json({ error: 'not_found' });
      res.json(game);
    } catch (err) {
      next(err);
    }
  });

  if (deps.clientErrors) app.post('/api/client-errors', deps.clientErrors);
  if (deps.admin) app.use('/admin', deps.admin);
  if (deps.share) app.use(deps.share);

  app.use('/api', (_req, res) => void res.status(404).json({ error: 'not_found' }));

  const notFound = (_req: Request, res: Response) =>
    void res.status(404).json({ error: 'not_found' });
  // The client's files: hashed assets cached for good, pages always fresh; source maps when asked for.
  if (!deps.sourceMaps) app.get(/\.map$/i, notFound);
  app.use(
    '/assets',
    express.static(`${CLIENT_DIR}assets`, { immutable: true, maxAge: '365d', fallthrough: false }),
  );
  // The dashboard's page is served by /admin, to an operator only.
  app.get('/admin.html', (_req, res) => void res.redirect(303, '/admin'));
  app.use(express.static(CLIENT_DIR, { index: false, maxAge: '1h' }));
  // Every other path is a page of the client (/r/CODE, /g/ID, /about): it routes itself;
  // a path naming a file that is not there (/x.php, /favicon.ico, /.env) is not found.
  app.get(/^\/(?!socket\.io\/).*/, (req, res) => {
    if (!isClientPage(req.path)) return notFound(req, res);
    const index = `${CLIENT_DIR}index.html`;
    if (!existsSync(index)) {
      return void res
        .status(503)
        .type('text')
        .send('The browser client is not built: run `npm run build`.');
    }
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });

  // Errors answer in JSON with a code, never with a stack trace or a file path.
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    if (err instanceof StoreUnavailableError) {
      return void res.status(503).json({ error: 'unavailable' });
    }
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return void res.status(status).json({ error: status === 404 ? 'not_found' : 'bad_request' });
    }
    deps.ready()?.log.error({ err }, 'HTTP request failed');
    res.status(500).json({ error: 'internal' });
  });

  return app;
}
