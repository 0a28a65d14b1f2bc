import { createServer, type Server as HttpServer } from 'node:http';
import type { ServerOptions } from 'socket.io';
import { createApp, type ReadyParts } from './app.js';
import { createMetrics } from './metrics.js';
import { loadGame } from './games/game-archive.js';
import { ScopeMaps } from './maps/scope-maps.js';
import {
  attachGameServer,
  type GameIo,
  type GameServer,
  type GameServerDeps,
} from './realtime/game-server.js';
import { createSocketServer } from './realtime/socket-server.js';

/** What the game needs once it is ready; the node adds its own metrics. */
export type NodeParts = Omit<GameServerDeps, 'metrics'>;

export interface NodeOptions {
  /** socket.io's adapter: Redis streams when several nodes share rooms. */
  adapter?: ServerOptions['adapter'];
  /** This node's name, on its metrics. */
  nodeId?: string;
  /** GET /metrics requires `Authorization: Bearer <token>` when set. */
  metricsToken?: string;
}

export interface GameNode {
  http: HttpServer;
  io: GameIo;
  /** Attaches the game once its parts are ready; until then sockets are refused and /healthz says "starting". */
  ready(parts: NodeParts): GameServer;
  close(): Promise<void>;
}

/**
 * One server node: the HTTP app and the socket.io server on one HTTP server,
 * built from its parts. It does not listen: main.ts and the tests do.
 */
export function createGameNode(options: NodeOptions = {}): GameNode {
  const metrics = createMetrics({ node: options.nodeId ?? 'local' });
  let readyParts: ReadyParts | undefined;
  let game: GameServer | undefined;
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
      maps,
      metrics: { registry: metrics.registry, token: options.metricsToken },
    }),
  );
  const io = createSocketServer(http, options.adapter);
  io.use((_socket, next) => {
    if (game) return next();
    const message = 'the server is starting; try again in a moment';
    next(Object.assign(new Error(message), { data: { code: 'unavailable', message } }));
  });
  return {
    http,
    io,
    ready(parts) {
      game = attachGameServer(io, { metrics, ...parts });
      readyParts = {
        publicRooms: () => parts.store.publicLobbies(),
        roomCount: () => parts.store.count(),
        loadGame: (id) => loadGame(parts.db, id),
        gazetteer: parts.places.gazetteer,
        log: parts.log,
      };
      // Outlines are prepared now, a scope per turn of the event loop, not in someone's game.
      void maps.warm(parts.places.gazetteer.scopes.map((scope) => scope.id));
      return game;
    },
    async close() {
      game?.stop();
      await game?.settled();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
      http.closeAllConnections();
    },
  };
}
