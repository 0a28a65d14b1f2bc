/**
 * What one node did in one second: the unit every figure of the operator's
 * view is built from. Each node takes one sample a second and appends it to
 * the shared sample log (server/admin/sample-log.ts); the live dashboard,
 * its charts of the last hour and the hourly history are all reductions of
 * those samples, so several nodes agree on one set of figures.
 *
 * Counts are for the second only (deltas), so they add up across seconds
 * and nodes; `players` and the process figures are levels at the end of the
 * second; `rooms` is the store's room count, the same on every node.
 */
import type { ClientErrorReport } from '../../protocol/admin.js';
import type { SecondTally } from '../metrics.js';

/**
 * The game's tally of the second (server/metrics.ts: guesses, finds, errors,
 * games, joins, guess latency), and what the node adds to it as it samples.
 */
export interface NodeSample extends Omit<SecondTally, 'roomGuesses'> {
  node: string;
  /** The start of the second, in ms since the epoch (a multiple of 1000). */
  t: number;
  /** Reports from browsers (POST /api/client-errors). */
  clientErrors: number;
  /** States the code asserts can never happen, logged to the "impossible" log. */
  impossible: number;
  /** Place look-ups by cache tier: answered (hits) of asked. */
  cache: Record<'memory' | 'redis' | 'database', { hits: number; asked: number }>;
  /** Players seated and connected through this node. */
  players: number;
  /** Operators watching a room through this node. */
  spectators: number;
  /** Rooms in the store (every node's), at the end of the second. */
  rooms: number;
  /** Event-loop delay of the second, ms. */
  lagMs: { p50: number; p99: number; max: number };
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  /**
   * Guesses by room code over this node's last 10 s (rooms with none left
   * out), for the dashboard's rooms table: only a node's latest sample keeps
   * it, so that two hours of samples stay small with many rooms.
   */
  roomGuesses?: Record<string, number>;
  /** Reports from browsers received this second (at most a few; the count is `clientErrors`). */
  clientErrorReports?: ClientErrorReport[];
}
