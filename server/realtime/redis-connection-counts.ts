/**
 * Connections per address counted across nodes. Each address has a hash in
 * Redis, one field per node process (its "holder": NODE_ID and a random
 * suffix, new at every start) with the connections it holds; each holder
 * beats in a sorted set every BEAT_MS. A Lua script sums the fields of
 * holders that beat within DEAD_AFTER_MS and takes a place only below the
 * cap, atomically, so two nodes cannot both take the last place.
 *
 * A node that dies (kill -9, a lost machine) stops beating: within
 * DEAD_AFTER_MS its fields stop counting, and the next look at the address
 * deletes them. A restarted node is a new holder and does not inherit the
 * dead one's counts. Every REFRESH_MS each holder writes its true counts
 * again (fixing any drift: a release lost while Redis was away, fields
 * deleted while this node stalled), and the hashes expire after HASH_TTL_MS
 * untouched, so nothing outlives the connections it counts.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import type { ConnectionCounts } from './connection-counts.js';

export const BEAT_MS = 2000;
export const DEAD_AFTER_MS = 10_000;
const REFRESH_MS = 30_000;
const HASH_TTL_MS = 5 * 60_000;
/** Holders that have not beaten for this long leave the set (restarts add new ones). */
const FORGET_AFTER_MS = 60 * 60_000;

/** KEYS address-hash holders · ARGV holder cap now deadAfterMs ttlMs → 1 taken, 0 at the cap. */
const ACQUIRE = `
local fields = redis.call('HGETALL', KEYS[1])
local alive = tonumber(ARGV[3]) - tonumber(ARGV[4])
local total = 0
for i = 1, #fields, 2 do
  local holder = fields[i]
  local beat = false
  if holder ~= ARGV[1] then beat = redis.call('ZSCORE', KEYS[2], holder) end
  if holder == ARGV[1] or (beat and tonumber(beat) >= alive) then
    total = total + tonumber(fields[i + 1])
  else
    redis.call('HDEL', KEYS[1], holder)
  end
end
if total >= tonumber(ARGV[2]) then return 0 end
-- The holder beats with its first field, not only with its timer's next turn.
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`;

/** KEYS address-hash · ARGV holder ttlMs */
const RELEASE = `
if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
`;

type CapRedis = Redis & {
  connectionsAcquire(...args: (string | number)[]): Promise<number>;
  connectionsRelease(...args: (string | number)[]): Promise<unknown>;
};

export class RedisConnectionCounts implements ConnectionCounts {
  /** This process's counts: what it writes back on refresh, and decides by while Redis is away. */
  private readonly held = new Map<string, number>();
  private readonly holder: string;
  private readonly redis: CapRedis;
  private readonly timer: NodeJS.Timeout;
  private beats = 0;

  constructor(
    redis: Redis,
    private readonly prefix: string,
    private readonly cap: number,
    options: { nodeId: string; log: Logger },
  ) {
    this.holder = `${options.nodeId}:${randomBytes(4).toString('hex')}`;
    redis.defineCommand('connectionsAcquire', { numberOfKeys: 2, lua: ACQUIRE });
    redis.defineCommand('connectionsRelease', { numberOfKeys: 1, lua: RELEASE });
    this.redis = redis as CapRedis;
    const beat = () =>
      this.beat().catch((err: unknown) =>
        options.log.debug({ err }, 'connection count beat failed'),
      );
    this.timer = setInterval(beat, BEAT_MS);
    this.timer.unref();
    void beat();
  }

  async acquire(address: string): Promise<boolean> {
    const count = (this.held.get(address) ?? 0) + 1;
    // Counted here first, so that a refresh meanwhile writes this connection too.
    this.held.set(address, count);
    let taken: boolean;
    try {
      const result = await this.redis.connectionsAcquire(
        this.key(address),
        this.holdersKey,
        this.holder,
        this.cap,
        Date.now(),
        DEAD_AFTER_MS,
        HASH_TTL_MS,
      );
      taken = result === 1;
    } catch {
      // Redis away: the cap holds per node meanwhile, like the other per-address limits.
      taken = count <= this.cap;
    }
    if (!taken) this.drop(address);
    return taken;
  }

  release(address: string): void {
    this.drop(address);
    this.redis
      .connectionsRelease(this.key(address), this.holder, HASH_TTL_MS)
      .catch(() => undefined);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    // Leaving the set makes this holder's fields count for nothing at once.
    await this.redis.zrem(this.holdersKey, this.holder).catch(() => undefined);
  }

  private drop(address: string) {
    const count = (this.held.get(address) ?? 0) - 1;
    if (count > 0) this.held.set(address, count);
    else this.held.delete(address);
  }

  private async beat() {
    const now = Date.now();
    const pipeline = this.redis.pipeline().zadd(this.holdersKey, now, this.holder);
    if (++this.beats % (REFRESH_MS / BEAT_MS) === 0) {
      pipeline.zremrangebyscore(this.holdersKey, '-inf', now - FORGET_AFTER_MS);
      for (const [address, count] of this.held) {
        pipeline
          .hset(this.key(address), this.holder, count)
          .pexpire(this.key(address), HASH_TTL_MS);
      }
    }
    await pipeline.exec();
  }

  private get holdersKey() {
    return `${this.prefix}connections:holders`;
  }

  private key(address: string) {
    return `${this.prefix}connections:${address}`;
  }
}
