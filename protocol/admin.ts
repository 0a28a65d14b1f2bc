/**
 * The operator's live view: what the socket.io namespace `/admin` pushes to
 * a dashboard (an operator's session is required to connect), and the
 * operator-only `room:watch` event on the players' namespace. Not part of
 * protocol v1 for players; protocol/README.md documents it at the end.
 */
import type { Mode, Phase } from './types.js';

export const ADMIN_NAMESPACE = '/admin';
/** A frame lists this many rooms at most: the table stays readable and the frame small. */
export const MAX_ROOM_ROWS = 500;

/** Latency percentiles, ms; null when nothing was measured. */
export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** One node's figures, or the total over the nodes alive. Rates are per second over the last 10 s. */
export interface LiveFigures {
  guessesPerSecond: number;
  findsPerSecond: number;
  /** Server side: from a guess reaching the socket to its ack, over the last 10 s. */
  guessLatencyMs: Percentiles;
  /** Hits of lookups per cache tier over the last minute, 0–1; null when the tier was not asked. */
  cacheHitRatio: { memory: number | null; redis: number | null; database: number | null };
  /** Event-loop delay p99 of the last second, ms (the worst node's in the total). */
  eventLoopLagMs: number;
  rssBytes: number;
  heapUsedBytes: number;
  players: number;
  spectators: number;
  /** Over the last 60 s. */
  errorsPerMinute: Record<string, number>;
  rateLimitedPerMinute: number;
  /** Events that are not part of the protocol, ignored, over the last 60 s. */
  unknownEventsPerMinute: number;
  clientErrorsPerMinute: number;
  impossiblePerMinute: number;
}

export interface NodeFigures extends LiveFigures {
  node: string;
  /** When its last sample was taken (ms); a node is alive while it samples. */
  seenAt: number;
}

export interface RoomRow {
  code: string;
  scope: string;
  mode: Mode;
  phase: Phase;
  /** Players seated and connected. */
  players: number;
  /** Finds of the current (or last) game. */
  finds: number;
  guessesPerSecond: number;
  createdAt: number;
}

export interface ClientErrorReport {
  at: number;
  message: string;
  page: string;
  version: string;
  kind: 'error' | 'unhandledrejection';
  stack?: string;
}

/** Pushed to every dashboard once a second. */
export interface AdminFrame {
  at: number;
  nodes: NodeFigures[];
  total: LiveFigures;
  roomsByPhase: Record<Phase, number>;
  /** The busiest rooms (by guesses/s, then players), at most MAX_ROOM_ROWS of `roomCount`. */
  rooms: RoomRow[];
  roomCount: number;
  /** The latest reports from browsers, newest first (at most 20). */
  clientErrors: ClientErrorReport[];
}

/** A second of the last hour, for the charts: totals over the nodes. */
export interface HourPoint {
  t: number;
  guesses: number;
  finds: number;
  /** Guess latency p95 over that second, ms. */
  p95: number | null;
  players: number;
  rooms: number;
  /** Worst node's event-loop delay p99, ms. */
  lagMs: number;
  rssBytes: number;
  errors: number;
}

/** One hour of the history (the hourly CSV's row). */
export interface HourRow {
  /** The start of the hour, ms since the epoch. */
  hour: number;
  gamesStarted: number;
  gamesFinished: number;
  /** New seats taken in the hour. */
  players: number;
  guesses: number;
  finds: number;
  /** Guess latency p95 over the hour, ms; null without guesses. */
  p95Ms: number | null;
  errors: number;
  peakRooms: number;
  peakPlayers: number;
}

export interface AdminServerToClient {
  /** Sent once on connection: the last hour, a point a second. */
  'admin:hour': (points: HourPoint[]) => void;
  'admin:frame': (frame: AdminFrame) => void;
}

/** The dashboard sends nothing on /admin: it only listens. */
export type AdminClientToServer = Record<string, never>;

/** Operator-only on the players' namespace: watch a room as a spectator (no seat, unseen). */
export const WATCH_EVENT = 'room:watch';
export const UNWATCH_EVENT = 'room:unwatch';
