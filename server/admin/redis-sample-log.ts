/**
 * The sample log in Redis, shared by every node: a list per node (newest
 * first, two hours long), each node's latest whole sample under a key that
 * expires when the node stops, and a sorted set of the nodes by when they
 * last sampled, so a reader finds every node's list without a scan.
 */
import type { Redis } from 'ioredis';
import type { NodeSample } from './node-sample.js';
import { kept, SAMPLE_RETENTION_MS, type SampleLog } from './sample-log.js';

const KEPT_SAMPLES = SAMPLE_RETENTION_MS / 1000;
/** A node's latest sample outlives it this long: a stopped node drops off the live view. */
const LATEST_TTL_MS = 10_000;

export class RedisSampleLog implements SampleLog {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async append(sample: NodeSample): Promise<void> {
    const list = this.listKey(sample.node);
    await this.redis
      .multi()
      .lpush(list, JSON.stringify(kept(sample)))
      .ltrim(list, 0, KEPT_SAMPLES - 1)
      .pexpire(list, SAMPLE_RETENTION_MS)
      .set(this.latestKey(sample.node), JSON.stringify(sample), 'PX', LATEST_TTL_MS)
      .zadd(this.nodesKey, sample.t, sample.node)
      .zremrangebyscore(this.nodesKey, '-inf', sample.t - SAMPLE_RETENTION_MS)
      .exec();
  }

  async between(from: number, to: number): Promise<NodeSample[]> {
    const nodes = await this.redis.zrangebyscore(this.nodesKey, from, '+inf');
    // Lists are newest first, a sample a second: the window's length bounds how far to read.
    const newestFirst = Math.min(
      KEPT_SAMPLES,
      Math.max(60, Math.ceil((Date.now() - from) / 1000) + 5),
    );
    const pipeline = this.redis.pipeline();
    for (const node of nodes) pipeline.lrange(this.listKey(node), 0, newestFirst - 1);
    const replies = (await pipeline.exec()) ?? [];
    const samples: NodeSample[] = [];
    for (const [, entries] of replies) {
      for (const entry of (entries as string[] | null) ?? []) {
        const sample = JSON.parse(entry) as NodeSample;
        if (sample.t >= from && sample.t < to) samples.push(sample);
      }
    }
    return samples.sort((a, b) => a.t - b.t);
  }

  async latest(): Promise<NodeSample[]> {
    const nodes = await this.redis.zrangebyscore(this.nodesKey, Date.now() - LATEST_TTL_MS, '+inf');
    if (nodes.length === 0) return [];
    const entries = await this.redis.mget(nodes.map((node) => this.latestKey(node)));
    return entries.flatMap((entry) => (entry ? [JSON.parse(entry) as NodeSample] : []));
  }

  private listKey(node: string) {
    return `${this.prefix}admin:samples:${node}`;
  }
  private latestKey(node: string) {
    return `${this.prefix}admin:latest:${node}`;
  }
  private get nodesKey() {
    return `${this.prefix}admin:nodes`;
  }
}
