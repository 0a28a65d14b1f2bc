/**
 * Takes this node's sample once a second, at the turn of the second, and
 * appends it to the shared sample log: the game's tally of the second
 * (server/metrics.ts), the cache tiers' counts since the last sample, the
 * event loop's delay, memory, and the players seated here.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ClientErrorReport } from '../../protocol/admin.js';
import type { Logger } from '../log.js';
import type { GameMetrics } from '../metrics.js';
import type { Tier, TierCounts } from '../places/place-index.js';
import type { NodeSample } from './node-sample.js';
import type { SampleLog } from './sample-log.js';

/** Per-room guesses are summed over this many seconds for the rooms table. */
const ROOM_WINDOW_SECONDS = 10;
/** At most this many browser reports ride on one sample; the rest are only counted. */
const REPORTS_PER_SAMPLE = 5;

export interface SamplerDeps {
  nodeId: string;
  metrics: GameMetrics;
  log: SampleLog;
  /** The place index's counts by tier, since the start. */
  cacheCounts: () => Record<Tier, TierCounts>;
  /** Players seated here and operators watching here. */
  connections: () => { players: number; spectators: number };
  /** Rooms in the store, every node's. */
  rooms: () => Promise<number>;
  /** Browser reports and "impossible" errors since the last call. */
  clientErrors: () => ClientErrorReport[];
  impossible: () => number;
  logger: Logger;
  clock?: () => number;
}

export interface Sampler {
  /** Takes a sample now (the scheduled ones run on their own); for tests. */
  sample(): Promise<NodeSample>;
  stop(): void;
}

const nsToMs = (ns: number) => (Number.isFinite(ns) ? ns / 1e6 : 0);

export function startSampler(deps: SamplerDeps): Sampler {
  const clock = deps.clock ?? Date.now;
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  let previousCache = copyCounts(deps.cacheCounts());
  let rooms = 0;
  const recentRoomGuesses: Record<string, number>[] = [];
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function sample(): Promise<NodeSample> {
    // The second that just ended.
    const t = Math.floor(clock() / 1000) * 1000 - 1000;
    const second = deps.metrics.takeSecond();
    const cacheNow = copyCounts(deps.cacheCounts());
    const cache = {} as NodeSample['cache'];
    for (const tier of ['memory', 'redis', 'database'] as const) {
      const now = cacheNow[tier];
      const before = previousCache[tier];
      const hits = now.hits - before.hits;
      cache[tier] = { hits, asked: hits + now.misses - before.misses + now.errors - before.errors };
    }
    previousCache = cacheNow;
    recentRoomGuesses.push(second.roomGuesses);
    if (recentRoomGuesses.length > ROOM_WINDOW_SECONDS) recentRoomGuesses.shift();
    const roomGuesses: Record<string, number> = {};
    for (const counts of recentRoomGuesses) {
      for (const [code, n] of Object.entries(counts))
        roomGuesses[code] = (roomGuesses[code] ?? 0) + n;
    }
    const loop = {
      p50: nsToMs(lag.percentile(50)),
      p99: nsToMs(lag.percentile(99)),
      max: nsToMs(lag.max),
    };
    lag.reset();
    const memory = process.memoryUsage();
    const reports = deps.clientErrors();
    // The room count is read without holding the sample up; a store that is down keeps the last one.
    rooms = await deps.rooms().catch(() => rooms);
    const sample: NodeSample = {
      node: deps.nodeId,
      t,
      guesses: second.guesses,
      finds: second.finds,
      errors: second.errors,
      rateLimited: second.rateLimited,
      unknownEvents: second.unknownEvents,
      gamesStarted: second.gamesStarted,
      gamesFinished: second.gamesFinished,
      playersJoined: second.playersJoined,
      latency: second.latency,
      clientErrors: reports.length,
      impossible: deps.impossible(),
      cache,
      ...deps.connections(),
      rooms,
      lagMs: loop,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      heapTotalBytes: memory.heapTotal,
      roomGuesses,
      ...(reports.length > 0 ? { clientErrorReports: reports.slice(0, REPORTS_PER_SAMPLE) } : {}),
    };
    await deps.log.append(sample);
    return sample;
  }

  function schedule() {
    if (stopped) return;
    // Just after the turn of each second, so every node's sample covers the same second.
    timer = setTimeout(
      () => {
        sample()
          .catch((err: unknown) => deps.logger.debug({ err }, 'could not record a sample'))
          .finally(schedule);
      },
      1000 - (clock() % 1000) + 20,
    );
    timer.unref();
  }
  schedule();

  return {
    sample,
    stop() {
      stopped = true;
      clearTimeout(timer);
      lag.disable();
    },
  };
}

function copyCounts(counts: Record<Tier, TierCounts>): Record<Tier, TierCounts> {
  return {
    memory: { ...counts.memory },
    redis: { ...counts.redis },
    database: { ...counts.database },
  };
}
