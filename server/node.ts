import { createServer, type Server as HttpServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import type { ServerOptions, Socket } from 'socket.io';
import { ADMIN_NAMESPACE, type ClientErrorReport } from '../protocol/admin.js';
import { createAdminRouter } from './admin/admin-router.js';
import { MemoryAdminSessions, RedisAdminSessions } from './admin/admin-sessions.js';
import { createClientErrorHandler } from './admin/client-errors.js';
import { HourlyHistory } from './admin/hourly-history.js';
import { ImpossibleErrors } from './admin/impossible.js';
import { attachLiveNamespace, type LiveNamespace } from './admin/live-namespace.js';
import { openLogFiles, type LogFiles } from './admin/log-files.js';
import { createLoginGuard, type LoginGuardOptions } from './admin/login-guard.js';
import { trackOperatorSockets, type OperatorSockets } from './admin/operator-sockets.js';
import { RedisSampleLog } from './admin/redis-sample-log.js';
import { MemorySampleLog } from './admin/sample-log.js';
import { startSampler, type Sampler } from './admin/sampler.js';
import { attachSpectators } from './admin/spectators.js';
import { MemoryUnlockCodes, RedisUnlockCodes } from './admin/unlock-codes.js';
import { createApp, type ReadyParts } from './app.js';
import { loadGame } from './games/game-archive.js';
import { createLogger, type Logger } from './log.js';
import { ScopeMaps } from './maps/scope-maps.js';
import { createMetrics } from './metrics.js';
import { allowRequestFrom } from './origin-checks.js';
import { createOriginPolicy } from './origins.js';
import { attachConnectionCap, DEFAULT_CONNECTIONS_PER_ADDRESS } from './realtime/connection-cap.js';
import { MemoryConnectionCounts } from './realtime/connection-counts.js';
import { RedisConnectionCounts } from './realtime/redis-connection-counts.js';
import {
  attachGameServer,
  type GameIo,
  type GameServer,
  type GameServerDeps,
} from './realtime/game-server.js';
import { createSocketServer } from './realtime/socket-server.js';
import { roomsByPhase } from './rooms/snapshot.js';
import { createShareRouter } from './share/share-router.js';
import { readiness } from './readiness.js';
import type { StartupSnapshot } from './startup-status.js';

/** What the game needs once it is ready; the node adds its own metrics. */
export type NodeParts = Omit<GameServerDeps, 'metrics' | 'impossible'>;

export interface NodeOptions {
  /** socket.io's adapter: Redis streams when several nodes share rooms. */
  adapter?: ServerOptions['adapter'];
  /** This node's name, on its metrics and samples. */
  nodeId?: string;
  /** GET /metrics requires `Authorization: Bearer <token>` when set. */
  metricsToken?: string;
  /** The operator's dashboard (/admin) asks for it; off without one. */
  adminPassword?: string;
  /** Redis shared by the nodes: operators' sessions, login failures, samples, per-IP limits. */
  shared?: { redis: Redis; prefix: string };
  /** How many proxies in front set X-Forwarded-For (and X-Forwarded-Proto). */
  trustProxy?: number;
  /** ALLOWED_ORIGINS: the pages that may connect and post; the node's own origin when absent. */
  allowedOrigins?: readonly string[];
  /** Also allow Vite's dev server (http://localhost:5173) when the node's own origin is the rule. */
  developmentOrigins?: boolean;
  /** CONNECTIONS_PER_ADDRESS: concurrent connections one address may hold (500 when absent). */
  connectionsPerAddress?: number;
  /** The operator login's limits (tests shorten its delays). */
  loginGuard?: Partial<LoginGuardOptions>;
  /** Where client-errors.log and impossible.log go; into the main log when absent. */
  logDir?: string;
  /** The hourly history's CSV file; no history is recorded when absent. */
  historyFile?: string;
  log?: Logger;
  /** What the node does while it starts, for /healthz and the starting page. */
  startup?: { snapshot(): StartupSnapshot };
  /** Serve the client's source maps (SOURCE_MAPS); they answer 404 otherwise. */
  sourceMaps?: boolean;
}

export interface GameNode {
  http: HttpServer;
  io: GameIo;
  /** Attaches the game once its parts are ready; until then sockets are refused and /healthz says "starting". */
  ready(parts: NodeParts): GameServer;
  /** Takes this node's sample of the second now (they are also taken every second); for tests. */
  sample(): Promise<void>;
  close(): Promise<void>;
}

/** The built operator's dashboard page. */
const DASHBOARD_FILE = fileURLToPath(new URL('../dist/client/admin.html', import.meta.url));
/** The built players' page, which /g/:id serves with a finished game's preview tags. */
const INDEX_FILE = fileURLToPath(new URL('../dist/client/index.html', import.meta.url));

/**
 * One server node: the HTTP app and the socket.io server on one HTTP server,
 * built from its parts, with the operator's view of it. It does not listen:
 * main.ts and the tests do.
 */
export function createGameNode(options: NodeOptions = {}): GameNode {
  const nodeId = options.nodeId ?? 'local';
  const log = options.log ?? createLogger('silent');
  const metrics = createMetrics({ node: nodeId });
  const { shared } = options;
  const trustProxy = options.trustProxy ?? 0;
  const origins = createOriginPolicy({
    allowed: options.allowedOrigins,
    development: options.developmentOrigins,
    trustProxy,
  });
  const sessions = shared
    ? new RedisAdminSessions(shared.redis, shared.prefix)
    : new MemoryAdminSessions();
  const samples = shared ? new RedisSampleLog(shared.redis, shared.prefix) : new MemorySampleLog();
  const logFiles: LogFiles | undefined = options.logDir
    ? openLogFiles(options.logDir, log)
    : undefined;
  // Without a log directory the main log alone tells of them (not twice).
  const impossible = new ImpossibleErrors(logFiles?.impossible ?? createLogger('silent'), log);
  let clientReports: ClientErrorReport[] = [];
  let readyParts: ReadyParts | undefined;
  let history: HourlyHistory | undefined;
  let game: GameServer | undefined;
  let sampler: Sampler | undefined;
  let live: LiveNamespace | undefined;
  let operators: OperatorSockets | undefined;

  const catalog = {
    isScope: (id: string) => readyParts?.gazetteer.scope(id) !== undefined,
    countriesIn: (id: string) => {
      const scope = readyParts?.gazetteer.scope(id);
      return scope && readyParts!.gazetteer.countriesIn(scope);
    },
  };
  const maps = new ScopeMaps(catalog);
  const http = createServer(
    createApp({
      ready: () => readyParts,
      starting: () => options.startup?.snapshot() ?? { stage: 'starting' },
      maps,
      metrics: { registry: metrics.registry, token: options.metricsToken },
      trustProxy,
      log,
      admin: createAdminRouter({
        password: options.adminPassword,
        sessions,
        guard: createLoginGuard(shared, options.loginGuard),
        codes: shared ? new RedisUnlockCodes(shared.redis, shared.prefix) : new MemoryUnlockCodes(),
        origins,
        endSockets: (id) => operators?.end(id),
        log,
        dashboardFile: DASHBOARD_FILE,
        history: () => history,
      }),
      clientErrors: createClientErrorHandler({
        log: logFiles?.clientErrors ?? log.child({ file: 'client-errors' }),
        onReport: (report) => void clientReports.push(report),
        trustProxy,
        origins,
        shared,
      }),
      share: createShareRouter({ ready: () => readyParts, maps, indexFile: INDEX_FILE }),
      sourceMaps: options.sourceMaps ?? false,
    }),
  );
  const io = createSocketServer(http, options.adapter, allowRequestFrom(origins, log));
  const perAddress = options.connectionsPerAddress ?? DEFAULT_CONNECTIONS_PER_ADDRESS;
  const connections = shared
    ? new RedisConnectionCounts(shared.redis, shared.prefix, perAddress, { nodeId, log })
    : new MemoryConnectionCounts(perAddress);
  const cap = attachConnectionCap(io, { counts: connections, cap: perAddress, trustProxy, log });
  io.use((_socket, next) => {
    if (game) return next();
    const message = 'the server is starting; try again in a moment';
    next(Object.assign(new Error(message), { data: { code: 'unavailable', message } }));
  });
  cap.guard(io.of('/'));

  return {
    http,
    io,
    ready(parts) {
      game = attachGameServer(io, { metrics, impossible, ...parts });
      const enrol = (socket: Socket) => operators?.enrol(socket) ?? Promise.resolve(false);
      attachSpectators(io, { sessions, store: parts.store, origins, enrol });
      readyParts = {
        publicRooms: () => parts.store.publicLobbies(),
        roomCount: () => parts.store.count(),
        loadGame: (id) => loadGame(parts.db, id),
        gazetteer: parts.places.gazetteer,
        log: parts.log,
        readiness: () => readiness(parts.db, shared?.redis),
      };
      const connections = () => socketsBy(io);
      metrics.setGaugeSources({
        roomsByPhase: async () => roomsByPhase(await parts.store.overview()),
        players: () => connections().players,
      });
      sampler = startSampler({
        nodeId,
        metrics,
        log: samples,
        cacheCounts: () => parts.places.index.counts,
        connections,
        rooms: () => parts.store.count(),
        clientErrors: () => {
          const taken = clientReports;
          clientReports = [];
          return taken;
        },
        impossible: () => impossible.take(),
        logger: parts.log,
      });
      live = attachLiveNamespace(io, {
        sessions,
        samples,
        store: parts.store,
        origins,
        enrol,
        log: parts.log,
      });
      // Only now: /admin exists with its session check (io.of would create one without).
      const adminNamespace = io.of(ADMIN_NAMESPACE);
      cap.guard(adminNamespace);
      operators = trackOperatorSockets([io.of('/'), adminNamespace], sessions, parts.log);
      if (options.historyFile) {
        history = new HourlyHistory({
          db: parts.db,
          samples,
          csvPath: options.historyFile,
          nodeId,
          log: parts.log,
        });
        history.start();
      }
      // Outlines are prepared now, a scope per turn of the event loop, not in someone's game.
      void maps.warm(parts.places.gazetteer.scopes.map((scope) => scope.id));
      return game;
    },
    async sample() {
      await sampler?.sample();
    },
    async close() {
      sampler?.stop();
      live?.stop();
      operators?.stop();
      history?.stop();
      game?.stop();
      await game?.settled();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
      http.closeAllConnections();
      await connections.stop();
      await logFiles?.close();
    },
  };
}

/** This node's sockets: players seated in a room, and operators watching one. */
function socketsBy(io: GameIo): { players: number; spectators: number } {
  let players = 0;
  let spectators = 0;
  for (const { data } of io.sockets.sockets.values()) {
    if (data.playerId) players++;
    else if (data.watching) spectators++;
  }
  return { players, spectators };
}
