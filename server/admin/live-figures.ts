/**
 * The dashboard's figures, reduced from the last minute of samples: pure,
 * so they are tested without a server. Rates and latency cover the last
 * 10 s (steady enough to read, fresh enough to follow a spike); errors and
 * cache ratios the last minute; levels (players, memory, lag) come from each
 * node's latest sample.
 */
import type { HourPoint, LiveFigures, NodeFigures, Percentiles } from '../../protocol/admin.js';
import { addLatency, emptyLatency, latencyQuantile } from '../latency-buckets.js';
import type { NodeSample } from './node-sample.js';

export const RATE_WINDOW_MS = 10_000;
export const MINUTE_MS = 60_000;
/** A node that has not sampled for this long is no longer shown as alive. */
export const ALIVE_WITHIN_MS = 5_000;

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

function addCounts(into: Record<string, number>, counts: Record<string, number>) {
  for (const [key, n] of Object.entries(counts)) into[key] = (into[key] ?? 0) + n;
}

function percentiles(latency: number[]): Percentiles {
  return {
    p50: latencyQuantile(latency, 0.5),
    p95: latencyQuantile(latency, 0.95),
    p99: latencyQuantile(latency, 0.99),
  };
}

/**
 * Figures over `samples` (one node's or every node's) up to `end`, the end
 * of the last second sampled; `latest` are the nodes' latest samples, whose
 * levels add up (players, memory) or give the worst (event-loop lag).
 */
export function liveFigures(samples: NodeSample[], latest: NodeSample[], end: number): LiveFigures {
  const recent = samples.filter((s) => s.t >= end - RATE_WINDOW_MS);
  const minute = samples.filter((s) => s.t >= end - MINUTE_MS);
  const latency = emptyLatency();
  let guesses = 0;
  let finds = 0;
  for (const s of recent) {
    guesses += sum(s.guesses);
    finds += s.finds;
    addLatency(latency, s.latency);
  }
  const errors: Record<string, number> = {};
  const tiers = { memory: [0, 0], redis: [0, 0], database: [0, 0] };
  let rateLimited = 0;
  let unknownEvents = 0;
  let clientErrors = 0;
  let impossible = 0;
  for (const s of minute) {
    addCounts(errors, s.errors);
    rateLimited += s.rateLimited;
    unknownEvents += s.unknownEvents;
    clientErrors += s.clientErrors;
    impossible += s.impossible;
    for (const tier of ['memory', 'redis', 'database'] as const) {
      tiers[tier][0]! += s.cache[tier].hits;
      tiers[tier][1]! += s.cache[tier].asked;
    }
  }
  const ratio = ([hits, asked]: number[]) => (asked! > 0 ? hits! / asked! : null);
  return {
    guessesPerSecond: guesses / (RATE_WINDOW_MS / 1000),
    findsPerSecond: finds / (RATE_WINDOW_MS / 1000),
    guessLatencyMs: percentiles(latency),
    cacheHitRatio: {
      memory: ratio(tiers.memory),
      redis: ratio(tiers.redis),
      database: ratio(tiers.database),
    },
    eventLoopLagMs: Math.max(0, ...latest.map((s) => s.lagMs.p99)),
    rssBytes: latest.reduce((total, s) => total + s.rssBytes, 0),
    heapUsedBytes: latest.reduce((total, s) => total + s.heapUsedBytes, 0),
    players: latest.reduce((total, s) => total + s.players, 0),
    spectators: latest.reduce((total, s) => total + s.spectators, 0),
    errorsPerMinute: errors,
    rateLimitedPerMinute: rateLimited,
    unknownEventsPerMinute: unknownEvents,
    clientErrorsPerMinute: clientErrors,
    impossiblePerMinute: impossible,
  };
}

/** Each node's figures, the nodes alive at `now` only, by name. */
export function nodeFigures(
  samples: NodeSample[],
  latest: NodeSample[],
  now: number,
): NodeFigures[] {
  return latest
    .filter((s) => s.t + 1000 >= now - ALIVE_WITHIN_MS)
    .sort((a, b) => a.node.localeCompare(b.node))
    .map((last) => ({
      node: last.node,
      seenAt: last.t + 1000,
      ...liveFigures(
        samples.filter((s) => s.node === last.node),
        [last],
        last.t + 1000,
      ),
    }));
}

/** A point a second for the charts of the last hour: every node's samples of that second together. */
export function hourPoints(samples: NodeSample[]): HourPoint[] {
  const bySecond = new Map<number, NodeSample[]>();
  for (const s of samples) {
    const second = bySecond.get(s.t);
    if (second) second.push(s);
    else bySecond.set(s.t, [s]);
  }
  return [...bySecond.entries()]
    .sort(([a], [b]) => a - b)
    .map(([t, second]) => hourPoint(t, second));
}

export function hourPoint(t: number, second: NodeSample[]): HourPoint {
  const latency = emptyLatency();
  for (const s of second) addLatency(latency, s.latency);
  return {
    t,
    guesses: second.reduce((total, s) => total + sum(s.guesses), 0),
    finds: second.reduce((total, s) => total + s.finds, 0),
    p95: latencyQuantile(latency, 0.95),
    players: second.reduce((total, s) => total + s.players, 0),
    rooms: Math.max(0, ...second.map((s) => s.rooms)),
    lagMs: Math.max(0, ...second.map((s) => s.lagMs.p99)),
    rssBytes: second.reduce((total, s) => total + s.rssBytes, 0),
    errors: second.reduce((total, s) => total + sum(s.errors), 0),
  };
}
