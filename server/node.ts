import { createServer, type Server as HttpServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import type { ServerOptions } from 'socket.io';
import type { ClientErrorReport } from '../protocol/admin.js';
import { createAdminRouter } from './admin/admin-router.js';
import { createClientErrorHandler } from './admin/client-errors.js';
import { HourlyHistory } from './admin/hourly-history.js';
import { ImpossibleErrors } from './admin/impossible.js';
import { openLogFiles, type LogFiles } from './admin/log-files.js';
import type { LoginGuardOptions } from './admin/login-guard.js';
import { createApp, type ReadyParts } from './app.js';
import { sharedParts, type Shared, type SharedParts } from './backends.js';
import { loadGame } from './games/game-archive.js';
import { createLogger, type Logger } from './log.js';
import { gazetteerCatalog, ScopeMaps } from './maps/scope-maps.js';
import { createMetrics, type GameMetrics } from './metrics.js';
import { attachOperatorView, type OperatorView } from './operator-view.js';
import { allowRequestFrom } from './origin-checks.js';
import { createOriginPolicy, type OriginPolicy } from './origins.js';
import {
  attachConnectionCap,
  DEFAULT_CONNECTIONS_PER_ADDRESS,
  type ConnectionCap,
} from './realtime/connection-cap.js';
import { startRoomEventFeed } from './realtime/room-event-feed.js';
import { NamingStatsSchedule } from './stats/naming-stats-schedule.js';
import { NamingStatsService } from './stats/naming-stats-service.js';
import { createStatsRouter } from './stats/stats-router.js';
import type { GameIo } from './realtime/socket-types.js';
import { createSocketServer } from './realtime/socket-server.js';
import { readiness } from './readiness.js';
import type { RoomStore } from './rooms/room-store.js';
import { createShareRouter } from './share/share-router.js';
import { startGame, type NodeParts, type RunningGame } from './start-game.js';
import type { StartupSnapshot } from './startup-status.js';
import { DailyCountStore } from './visits/daily-count-store.js';
import { VisitCounter } from './visits/visit-counter.js';
import { createVisitHandler } from './visits/visit-route.js';

/** What the game needs once the node is ready; the rooms are the node's own (`GameNode.rooms`). */
export type GameParts = Omit<NodeParts, 'store'> & {
  /** Told once the maps of the countries, continents and the world are prepared: start-up is over. */
  onWarm?: () => void;
};

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
  shared?: Shared;
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
  /** How often "What people name" counts the newly saved games; hourly when absent. */
  namingStatsEveryMs?: number;
  log?: Logger;
  /** What the node does while it starts, for /healthz and the starting page. */
  startup?: { snapshot(): StartupSnapshot };
  /** Serve the client's source maps (SOURCE_MAPS); they answer 404 otherwise. */
  sourceMaps?: boolean;
}

export interface GameNode {
  http: HttpServer;
  io: GameIo;
  /** Where the rooms live: this process, or Redis shared by the nodes (backends.ts). */
  rooms: RoomStore;
  /** Attaches the game once its parts are ready; until then sockets are refused and /healthz says "starting". */
  ready(parts: GameParts): RunningGame;
  /** Takes this node's sample of the second now (they are also taken every second); for tests. */
  sample(): Promise<void>;
  close(): Promise<void>;
}

/** The built operator's dashboard page. */
const DASHBOARD_FILE = fileURLToPath(new URL('../dist/client/admin.html', import.meta.url));
/** The built players' page, which /g/:id serves with a finished game's preview tags. */
const INDEX_FILE = fileURLToPath(new URL('../dist/client/index.html', import.meta.url));

/** What a node runs once its parts are ready. */
interface Running {
  game: RunningGame;
  /** What the HTTP routes read. */
  routes: ReadyParts;
  view: OperatorView;
  history?: HourlyHistory;
  /** The visitor counts, now stored in the database. */
  visits: VisitCounter;
  /** "What people name": the hourly job and what its routes read. */
  naming: NamingStatsSchedule;
  namingStats: NamingStatsService;
}

/**
 * One server node: the HTTP app and the socket.io server on one HTTP server,
 * built from its parts, with the operator's view of it. It does not listen:
 * main.ts and the tests do.
 */
export function createGameNode(options: NodeOptions = {}): GameNode {
  const nodeId = options.nodeId ?? 'local';
  const log = options.log ?? createLogger('silent');
  const metrics = createMetrics({ node: nodeId });
  const trustProxy = options.trustProxy ?? 0;
  const origins = createOriginPolicy({
    allowed: options.allowedOrigins,
    development: options.developmentOrigins,
    trustProxy,
  });
  const perAddress = options.connectionsPerAddress ?? DEFAULT_CONNECTIONS_PER_ADDRESS;
  const shared = sharedParts(options.shared, {
    nodeId,
    log,
    connectionsPerAddress: perAddress,
    loginGuard: options.loginGuard,
  });
  const logFiles: LogFiles | undefined = options.logDir
    ? openLogFiles(options.logDir, log)
    : undefined;
  // Without a log directory the main log alone tells of them (not twice).
  const impossible = new ImpossibleErrors(logFiles?.impossible ?? createLogger('silent'), log);
  let clientReports: ClientErrorReport[] = [];
  // Counted from the first beacon; stored once the database is open (ready).
  const visits = new VisitCounter({ log });
  /** Everything that needs the database and the places: absent while the node starts. */
  let running: Running | undefined;

  const maps = new ScopeMaps(
    gazetteerCatalog(
      () => running?.routes.gazetteer,
      () => running?.routes.names,
    ),
  );
  const http = createServer(
    createNodeApp(options, {
      running: () => running,
      maps,
      metrics,
      trustProxy,
      log,
      origins,
      shared,
      logFiles,
      visits,
      onClientError: (report) => void clientReports.push(report),
    }),
  );
  const { io, cap } = createNodeSockets(http, {
    adapter: options.adapter,
    origins,
    counts: shared.connections,
    perAddress,
    trustProxy,
    log,
    isReady: () => running !== undefined,
  });
  // Every room event this node's sockets receive, in the order the rooms committed them.
  const feed = shared.roomEvents && startRoomEventFeed(io, { ...shared.roomEvents, log });

  return {
    http,
    io,
    rooms: shared.rooms,
    ready(parts) {
      running = startRunning(io, parts, {
        nodeId,
        shared,
        metrics,
        impossible,
        origins,
        cap,
        maps,
        historyFile: options.historyFile,
        namingStatsEveryMs: options.namingStatsEveryMs,
        redis: options.shared?.redis,
        visits,
        takeClientErrors: () => {
          const taken = clientReports;
          clientReports = [];
          return taken;
        },
      });
      return running.game;
    },
    async sample() {
      await running?.view.sampler.sample();
    },
    async close() {
      running?.view.stop();
      running?.history?.stop();
      await running?.naming.stop();
      running?.game.stop();
      await running?.game.settled();
      // The last minute's counts, games just finished included, before main.ts closes the database.
      if (running) await visits.stop();
      await feed?.stop();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
      http.closeAllConnections();
      await shared.connections.stop();
      await logFiles?.close();
    },
  };
}

/** What a node's running parts are built with, besides the game's own parts. */
interface NodeContext {
  nodeId: string;
  shared: SharedParts;
  metrics: GameMetrics;
  impossible: ImpossibleErrors;
  origins: OriginPolicy;
  cap: ConnectionCap;
  maps: ScopeMaps;
  historyFile?: string;
  namingStatsEveryMs?: number;
  redis?: Redis;
  visits: VisitCounter;
  takeClientErrors: () => ClientErrorReport[];
}

/** The game, the operator's view, the hourly history and the routes' parts of a ready node. */
function startRunning(io: GameIo, parts: GameParts, context: NodeContext): Running {
  const { shared, nodeId } = context;
  const rooms = shared.rooms;
  const game = startGame(
    io,
    { ...parts, store: rooms },
    { ...context, eventStream: shared.roomEvents !== undefined },
  );
  context.visits.attach(new DailyCountStore(parts.db));
  const view = attachOperatorView(io, {
    nodeId,
    shared,
    places: parts.places,
    metrics: context.metrics,
    origins: context.origins,
    impossible: context.impossible,
    takeClientErrors: context.takeClientErrors,
    guard: (namespace) => context.cap.guard(namespace),
    log: parts.log,
  });
  const history =
    context.historyFile === undefined
      ? undefined
      : new HourlyHistory({
          db: parts.db,
          samples: shared.samples,
          csvPath: context.historyFile,
          nodeId,
          log: parts.log,
        });
  history?.start();
  const naming = new NamingStatsSchedule({
    db: parts.db,
    log: parts.log,
    everyMs: context.namingStatsEveryMs,
  });
  naming.start();
  const namingStats = new NamingStatsService(
    parts.db,
    parts.places.gazetteer,
    parts.places.index.names,
  );
  const routes: ReadyParts = {
    publicRooms: () => rooms.publicLobbies(),
    roomCount: () => rooms.count(),
    loadGame: (id) => loadGame(parts.db, id),
    gazetteer: parts.places.gazetteer,
    names: parts.places.index.names,
    log: parts.log,
    readiness: () => readiness(parts.db, context.redis),
    daily: game.daily,
  };
  // Outlines are prepared now, a scope per turn of the event loop, not in someone's game.
  // Not the regions': 565 of them, few ever played, each prepared on its first request.
  void context.maps
    .warm(parts.places.gazetteer.scopes.filter((s) => s.kind !== 'region').map((s) => s.id))
    .then(parts.onWarm);
  return { game, routes, view, history, visits: context.visits, naming, namingStats };
}

/**
 * The node's socket.io server: origins checked at the handshake, the
 * connections per address capped, and sockets refused with a sentence until
 * the node is ready.
 */
function createNodeSockets(
  http: HttpServer,
  deps: {
    adapter?: ServerOptions['adapter'];
    origins: OriginPolicy;
    counts: SharedParts['connections'];
    perAddress: number;
    trustProxy: number;
    log: Logger;
    isReady: () => boolean;
  },
): { io: GameIo; cap: ConnectionCap } {
  const { log, trustProxy } = deps;
  const io = createSocketServer(
    http,
    deps.adapter,
    allowRequestFrom(deps.origins, log, trustProxy),
  );
  const cap = attachConnectionCap(io, {
    counts: deps.counts,
    cap: deps.perAddress,
    trustProxy,
    log,
  });
  io.use((_socket, next) => {
    if (deps.isReady()) return next();
    const message = 'the server is starting; try again in a moment';
    next(Object.assign(new Error(message), { data: { code: 'unavailable', message } }));
  });
  cap.guard(io.of('/'));
  return { io, cap };
}

/** The node's HTTP routes: the game's pages and API, the operator's, the share pages, /metrics. */
function createNodeApp(
  options: NodeOptions,
  deps: {
    running: () => Running | undefined;
    maps: ScopeMaps;
    metrics: GameMetrics;
    trustProxy: number;
    log: Logger;
    origins: OriginPolicy;
    shared: SharedParts;
    logFiles?: LogFiles;
    visits: VisitCounter;
    onClientError: (report: ClientErrorReport) => void;
  },
) {
  const { running, maps, metrics, trustProxy, log, origins, shared, logFiles } = deps;
  return createApp({
    ready: () => running()?.routes,
    starting: () => options.startup?.snapshot() ?? { stage: 'starting' },
    maps,
    metrics: { registry: metrics.registry, token: options.metricsToken },
    trustProxy,
    log,
    admin: createAdminRouter({
      password: options.adminPassword,
      sessions: shared.sessions,
      guard: shared.loginGuard,
      codes: shared.unlockCodes,
      origins,
      endSockets: (id) => running()?.view.operators.end(id),
      log,
      dashboardFile: DASHBOARD_FILE,
      history: () => running()?.history,
      visitors: () => running()?.visits,
    }),
    clientErrors: createClientErrorHandler({
      log: logFiles?.clientErrors ?? log.child({ file: 'client-errors' }),
      onReport: deps.onClientError,
      trustProxy,
      origins,
      shared: options.shared,
    }),
    visit: createVisitHandler({
      counter: deps.visits,
      origins,
      trustProxy,
      shared: options.shared,
    }),
    stats: createStatsRouter(() => running()?.namingStats),
    share: createShareRouter({ ready: () => running()?.routes, maps, indexFile: INDEX_FILE }),
    sourceMaps: options.sourceMaps ?? false,
  });
}
