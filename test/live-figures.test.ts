/**
 * The dashboard's figures from samples (pure), and the sample log on both
 * of its homes: memory for one node, Redis for several.
 */
import { Redis } from 'ioredis';
import { hourPoints, liveFigures, nodeFigures } from '../server/admin/live-figures.js';
import type { NodeSample } from '../server/admin/node-sample.js';
import { emptyLatency, latencyBucket } from '../server/latency-buckets.js';
import { RedisSampleLog } from '../server/admin/redis-sample-log.js';
import { MemorySampleLog, type SampleLog } from '../server/admin/sample-log.js';
import { deleteKeys, newRedisPrefix } from './support/cluster.js';
import { quietSample } from './support/node-samples.js';
import { describeWith, redisUrl } from './support/services.js';

const NOW = Date.UTC(2026, 10, 28, 3, 0, 30);

/** A busy second: 10 guesses (8 at about 1 ms, 2 at about 20), 5 players, 100 MB. */
function sample(node: string, t: number, over: Partial<NodeSample> = {}): NodeSample {
  const latency = emptyLatency();
  latency[latencyBucket(1)] = 8;
  latency[latencyBucket(20)] = 2;
  return quietSample(node, t, {
    guesses: { found: 6, miss: 4 },
    finds: 6,
    errors: { rate_limited: 1 },
    rateLimited: 1,
    latency,
    cache: {
      memory: { hits: 9, asked: 10 },
      redis: { hits: 0, asked: 1 },
      database: { hits: 1, asked: 1 },
    },
    players: 5,
    rooms: 3,
    lagMs: { p50: 10, p99: 12, max: 15 },
    rssBytes: 100e6,
    heapUsedBytes: 50e6,
    heapTotalBytes: 80e6,
    ...over,
  });
}

/** Ten seconds of two nodes, b slower and with more players. */
function twoNodes(): NodeSample[] {
  const samples: NodeSample[] = [];
  for (let i = 10; i >= 1; i--) {
    const t = NOW - i * 1000;
    samples.push(
      sample('a', t),
      sample('b', t, { players: 7, lagMs: { p50: 11, p99: 40, max: 60 } }),
    );
  }
  return samples;
}

describe('live figures', () => {
  test('totals add the nodes up; levels come from each node’s latest sample; lag is the worst node’s', () => {
    const samples = twoNodes();
    const latest = samples.slice(-2);
    const total = liveFigures(samples, latest, NOW);
    expect(total.guessesPerSecond).toBe(20);
    expect(total.findsPerSecond).toBe(12);
    expect(total.players).toBe(12);
    expect(total.rssBytes).toBe(200e6);
    expect(total.eventLoopLagMs).toBe(40);
    expect(total.errorsPerMinute).toEqual({ rate_limited: 20 });
    expect(total.rateLimitedPerMinute).toBe(20);
    expect(total.cacheHitRatio).toEqual({ memory: 0.9, redis: 0, database: 1 });
    // 80% of guesses at ≤ 1 ms, 20% in the (15, 20] ms bucket.
    expect(total.guessLatencyMs.p50).toBeLessThanOrEqual(1);
    expect(total.guessLatencyMs.p95).toBeGreaterThan(15);
    expect(total.guessLatencyMs.p95).toBeLessThanOrEqual(20);
  });

  test('per node: each its own figures; a node that stopped sampling is no longer alive', () => {
    const samples = twoNodes().filter((s) => s.node === 'a' || s.t < NOW - 8000);
    const latest = [
      samples.filter((s) => s.node === 'a').at(-1)!,
      samples.filter((s) => s.node === 'b').at(-1)!,
    ];
    const nodes = nodeFigures(samples, latest, NOW);
    expect(nodes.map((n) => n.node)).toEqual(['a']);
    expect(nodes[0]!.guessesPerSecond).toBe(10);
    expect(nodes[0]!.players).toBe(5);
  });

  test('the hour: a point a second, nodes of one second together', () => {
    const points = hourPoints(twoNodes());
    expect(points).toHaveLength(10);
    expect(points[0]).toMatchObject({
      t: NOW - 10_000,
      guesses: 20,
      finds: 12,
      players: 12,
      rooms: 3,
      lagMs: 40,
    });
  });
});

function sampleLogContract(
  name: string,
  open: () => Promise<{ log: SampleLog; close(): Promise<void> }>,
) {
  describe(name, () => {
    let log: SampleLog;
    let close: () => Promise<void>;
    beforeEach(async () => ({ log, close } = await open()));
    afterEach(() => close());

    test('keeps every node’s samples in order; only the latest keeps the per-room figures', async () => {
      const now = Math.floor(Date.now() / 1000) * 1000;
      for (let i = 3; i >= 1; i--) {
        await log.append(sample('a', now - i * 1000, { roomGuesses: { ABCDEF: i } }));
        await log.append(sample('b', now - i * 1000));
      }
      const between = await log.between(now - 2000, now);
      expect(between.map((s) => `${s.node}@${(now - s.t) / 1000}`).sort()).toEqual([
        'a@1',
        'a@2',
        'b@1',
        'b@2',
      ]);
      expect(between.every((s) => s.roomGuesses === undefined)).toBe(true);
      const latest = await log.latest();
      expect(latest.map((s) => s.node).sort()).toEqual(['a', 'b']);
      expect(latest.find((s) => s.node === 'a')!.roomGuesses).toEqual({ ABCDEF: 1 });
    });
  });
}

sampleLogContract('memory sample log', async () => ({
  log: new MemorySampleLog(),
  close: async () => {},
}));

describeWith('REDIS_URL')('Redis sample log', () => {
  sampleLogContract('shared by nodes', async () => {
    const redis = new Redis(redisUrl!);
    const prefix = newRedisPrefix();
    return {
      log: new RedisSampleLog(redis, prefix),
      async close() {
        redis.disconnect();
        await deleteKeys(redisUrl!, prefix);
      },
    };
  });
});
