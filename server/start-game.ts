/**
 * A node's game, composed from its parts once they are ready: the game
 * service over the room store, the places and the archive; its clock; and
 * the socket layer in front.
 */
import type { Database } from '../db/database.js';
import type { ImpossibleErrors } from './admin/impossible.js';
import { DailyBoardStore } from './daily/daily-board-store.js';
import { PinnedDailyQuizzes } from './daily/pinned-quizzes.js';
import { dailyQuizzes, quizAt, type DailyQuizOf } from './daily/todays-quiz.js';
import { GameEnding } from './game/game-ending.js';
import { GameService } from './game/game-service.js';
import type { GameCounts } from './game/ports.js';
import { startRoomTicker } from './game/room-ticker.js';
import { databaseArchive } from './games/database-archive.js';
import type { Logger } from './log.js';
import type { GameMetrics } from './metrics.js';
import type { Places } from './places/create-places.js';
import {
  attachGameServer,
  socketBroadcaster,
  type GameIo,
  type GameServer,
} from './realtime/game-server.js';
import type { RateLimitConfig, SharedLimits } from './realtime/rate-limits.js';
import type { RoomStore } from './rooms/room-store.js';
import type { VisitCounter } from './visits/visit-counter.js';

/** What the game needs once the node is ready (main.ts and the tests give them). */
export interface NodeParts {
  store: RoomStore;
  places: Places;
  db: Database;
  log: Logger;
  /** This node's name among the nodes sharing the rooms; seats record it. */
  nodeId?: string;
  /** Server time in ms; tests pass a clock they move. */
  clock?: () => number;
  rateLimits?: RateLimitConfig;
  /** Keeps the per-IP limits in Redis, shared by every node. */
  sharedLimits?: SharedLimits;
  /** How many proxies in front set X-Forwarded-For (TRUST_PROXY). */
  trustProxy?: number;
  /** How often rooms are checked for their end and for expired seats. */
  tickMs?: number;
}

/** A node's running game, as the node and the tests hold it. */
export interface RunningGame extends GameServer {
  /** Resolves once every game that has ended so far is saved and announced. */
  settled(): Promise<void>;
  /** Marks the seats held through a dead node as disconnected, in every room. */
  disconnectNode(node: string): Promise<void>;
  stop(): void;
  /** Feature `daily`: the quiz of each day and the days' boards, for the routes. */
  daily: { quizOf: DailyQuizOf; board: DailyBoardStore };
}

export function startGame(
  io: GameIo,
  parts: NodeParts,
  node: {
    metrics: GameMetrics;
    impossible: Pick<ImpossibleErrors, 'report'>;
    /** The store's commits put finds and states on the events stream, which the node delivers from. */
    eventStream?: boolean;
    /** Games started and finished per quiz and day, for the operator's visitors figures. */
    visits?: Pick<VisitCounter, 'count'>;
  },
): RunningGame {
  const { places, log } = parts;
  const { metrics, impossible } = node;
  const broadcaster = socketBroadcaster(io, { fromStream: node.eventStream });
  const pinnedQuizzes = new PinnedDailyQuizzes(
    parts.db,
    dailyQuizzes(places.gazetteer),
    places.gazetteer,
    parts.clock,
  );
  pinnedQuizzes.start(log);
  const daily = {
    quizOf: pinnedQuizzes.quizOf,
    board: new DailyBoardStore(parts.db, parts.clock),
  };
  const game = new GameService({
    store: parts.store,
    gazetteer: places.gazetteer,
    resolver: places.resolver,
    broadcaster,
    ending: new GameEnding({
      archive: databaseArchive(parts.db, places.index.names),
      gazetteer: places.gazetteer,
      broadcaster,
      impossible,
      log,
      daily: daily.board,
    }),
    counts: gameCounts(metrics, node.visits),
    impossible,
    log,
    clock: parts.clock,
    dailyQuiz: (now) => quizAt(daily.quizOf, now),
  });
  const sockets = attachGameServer(io, {
    game,
    log,
    metrics,
    impossible,
    nodeId: parts.nodeId ?? 'local',
    rateLimits: parts.rateLimits,
    sharedLimits: parts.sharedLimits,
    trustProxy: parts.trustProxy,
  });
  const ticker = startRoomTicker(() => game.tick(), {
    everyMs: parts.tickMs ?? 200,
    log,
    impossible,
  });
  return {
    counters: sockets.counters,
    reseatSockets: () => sockets.reseatSockets(),
    settled: () => game.settled(),
    disconnectNode: (lost) => game.lostNode(lost),
    stop: () => {
      ticker.stop();
      pinnedQuizzes.stop();
    },
    daily,
  };
}

/** The metrics' counts, and the games of each quiz for the day's visitor counts. */
function gameCounts(metrics: GameCounts, visits?: Pick<VisitCounter, 'count'>): GameCounts {
  return {
    found: () => metrics.found(),
    playerJoined: () => metrics.playerJoined(),
    gameStarted(scope) {
      metrics.gameStarted(scope);
      visits?.count('game_started', scope);
    },
    gameFinished(scope) {
      metrics.gameFinished(scope);
      visits?.count('game_finished', scope);
    },
  };
}
