import type { NodeSample } from '../../server/admin/node-sample.js';
import { emptyLatency } from '../../server/latency-buckets.js';

/** A node's sample of one second in which nothing happened, with `figures` on top. */
export function quietSample(
  node: string,
  t: number,
  figures: Partial<NodeSample> = {},
): NodeSample {
  return {
    node,
    t,
    guesses: {},
    finds: 0,
    errors: {},
    rateLimited: 0,
    unknownEvents: 0,
    gamesStarted: 0,
    gamesFinished: 0,
    playersJoined: 0,
    latency: emptyLatency(),
    clientErrors: 0,
    impossible: 0,
    cache: {
      memory: { hits: 0, asked: 0 },
      redis: { hits: 0, asked: 0 },
      database: { hits: 0, asked: 0 },
    },
    players: 0,
    spectators: 0,
    rooms: 0,
    lagMs: { p50: 0, p99: 0, max: 0 },
    rssBytes: 0,
    heapUsedBytes: 0,
    heapTotalBytes: 0,
    ...figures,
  };
}
