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

export interface NodeSample {
  node: string;
  /** The start of the second, in ms since the epoch (a multiple of 1000). */
  t: number;
  /** Guesses answered, by result: found, taken, repeat, miss, error. */
  guesses: Record<string, number>;
  finds: number;
  /** Events answered with an error, by code (rate_limited among them). */
  errors: Record<string, number>;
  /** Events refused by a rate limit (also counted in `errors.rate_limited`). */
  rateLimited: number;
  /** Events that are not part of the protocol, ignored. */
  unknownEvents: number;
  gamesStarted: number;
  gamesFinished: number;
  /** New seats taken (a player joining or creating a room); a rejoin is not new. */
  playersJoined: number;
  /** Guess latency (socket to ack) counted into LATENCY_BUCKETS_MS; one more entry for slower. */
  latency: number[];
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

/** Upper bounds of the latency buckets, ms; fine enough for a p99 of a few ms. */
export const LATENCY_BUCKETS_MS = [
  0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 150, 250, 500, 1000, 2500,
] as const;

/** The bucket counts of one latency, for adding into a sample's `latency`. */
export function latencyBucket(ms: number): number {
  const index = LATENCY_BUCKETS_MS.findIndex((bound) => ms <= bound);
  return index === -1 ? LATENCY_BUCKETS_MS.length : index;
}

export function emptyLatency(): number[] {
  return new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);
}

/** Adds bucket counts into `into` (same bucket bounds). */
export function addLatency(into: number[], counts: readonly number[]): void {
  for (let i = 0; i < into.length; i++) into[i]! += counts[i] ?? 0;
}

/**
 * The q-quantile (0–1) of bucketed latencies, ms: the upper bound of the
 * bucket holding it, interpolated linearly within the bucket. Null when
 * there are no observations.
 */
export function latencyQuantile(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i]!;
    if (count > 0 && seen + count >= rank) {
      const lower = i === 0 ? 0 : LATENCY_BUCKETS_MS[i - 1]!;
      const upper = LATENCY_BUCKETS_MS[i] ?? lower * 2;
      return lower + ((upper - lower) * (rank - seen)) / count;
    }
    seen += count;
  }
  return LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1]! * 2;
}
