/**
 * What the game service is given by whoever composes it (server/node.ts):
 * the few things it says to players and asks of the world, small enough to
 * fake in a test. socket.io, the database and the metrics registry are
 * behind them.
 */
import type {
  ChatMessage,
  DailyStanding,
  GameResults,
  Find,
  GameEnded,
  Place,
  ReactionEvent,
  RoomState,
} from '../../protocol/types.js';

/** Tells the players of a room what happened in it (socket.io rooms, on every node). */
export interface RoomBroadcaster {
  found(code: string, find: Find): void;
  state(code: string, room: RoomState): void;
  ended(code: string, ended: GameEnded): void;
  /** A reaction (server/game/audience.ts), to everyone in the room; absent: reactions go nowhere. */
  reacted?(code: string, reaction: ReactionEvent): void;
  /**
   * A chat line (feature `chat`), to the room's sockets that speak it, and
   * the end of a removed player's seat on their socket; absent: chat goes nowhere.
   */
  chat?(code: string, message: ChatMessage): void;
}

/** Where finished games are kept (server/games/ over the database). */
export interface GameArchive {
  save(game: GameEnded): Promise<void>;
  /**
   * The biggest places of `countries` (all when undefined) not among `named`;
   * for a region's quiz, of its country's division `admin1` only.
   */
  largestUnnamed(
    countries: readonly string[] | undefined,
    named: readonly number[],
    admin1?: string,
  ): Promise<Place[]>;
}

/**
 * What the game counts (server/metrics.ts, and games per quiz and day for
 * the operator's visitors figures, server/visits/); the socket layer counts the rest.
 */
export interface GameCounts {
  found(): void;
  /** @param scope the quiz's scope id (DE, europe, world) */
  gameStarted(scope: string): void;
  gameFinished(scope: string): void;
  playerJoined(): void;
}

/** Reports states our own code rules out (impossible.log). */
export interface ImpossibleReports {
  report(what: string, details: object): void;
}

/** Feature `daily`: the day's boards (server/daily/ over the database). */
export interface DailyResults {
  /**
   * Writes the entries a finished daily game earns (`browsers`: each
   * player's browser id, by player id) and says where each player stands.
   */
  record(
    results: GameResults,
    browsers: Readonly<Record<string, string>>,
  ): Promise<DailyStanding[]>;
}
