import type { RoomRow } from '../../protocol/admin.js';
import type { ChatMessage, GameResults, Mode, RoomState, Settings } from '../../protocol/types.js';
import type { Command, Outcome, RoomTotals } from './room.js';

/** What a command did, with what the caller needs to announce it. */
export interface Executed {
  outcome: Outcome;
  /** The room after the command, present when an event asks for a `room:state` broadcast. */
  state?: RoomState;
  /**
   * Present when the command ended a game: its results, the ids of the
   * places named, and the browser of each player who gave one (for the
   * daily board; never sent to players).
   */
  ended?: { results: GameResults; named: number[]; browsers?: Record<string, string> };
}

/** A public room, in its lobby or playing, as `GET /api/rooms` lists it. */
export interface LobbySummary {
  code: string;
  scope: string;
  mode: Mode;
  players: number;
  maxPlayers: number;
  /** A game is being played; false while the room waits in its lobby. */
  running: boolean;
}

/** A room as the operator's dashboard lists it; the rate of guesses comes from the nodes' samples. */
export type RoomOverview = Omit<RoomRow, 'guessesPerSecond'>;

/**
 * Where rooms live. Commands on one room run one at a time, in arrival
 * order; `publish` is called inside that order, so broadcasts leave in the
 * order the commands were applied. In memory for one node; in Redis when
 * several nodes share rooms. Both keep test/room-store.contract.ts.
 */
export interface RoomStore {
  /** Creates a room in the lobby under a new code; returns the code. */
  create(settings: Settings, totals: RoomTotals, now: number): Promise<string>;
  /** Runs a command on a room; undefined when there is no such room. */
  execute(
    code: string,
    command: Command,
    now: number,
    publish?: (executed: Executed) => void,
  ): Promise<Executed | undefined>;
  /** The room's current state, or undefined. */
  state(code: string): Promise<RoomState | undefined>;
  /** The room's last CHAT_KEPT chat lines (protocol/chat.ts), oldest first; undefined when there is no room. */
  chat(code: string): Promise<ChatMessage[] | undefined>;
  /**
   * The room's settings, or undefined; cheaper than the whole state. With
   * several nodes they may lag the room by what other nodes did since this
   * node last touched it: a guess carries the scope it was looked up in and
   * the room refuses it if that scope is no longer the room's.
   */
  settings(code: string): Promise<Settings | undefined>;
  codes(): Promise<string[]>;
  /** How many rooms there are, on every node. */
  count(): Promise<number>;
  publicLobbies(): Promise<LobbySummary[]>;
  /** Every room, on every node, for the operator (a read of each room: not for a player's path). */
  overview(): Promise<RoomOverview[]>;
  /** The codes of the rooms a `tick` has something to do in at `now` (see `nextDue`). */
  due(now: number): Promise<string[]>;
  /** Removes the room if nobody has had a seat in it for the grace period; true if removed. */
  removeIfAbandoned(code: string, now: number): Promise<boolean>;
}

/**
 * The store cannot be reached (Redis is down or too slow): the command was
 * not applied, or its effect is unknown; the player is told to try again.
 */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
