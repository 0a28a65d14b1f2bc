import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CandidateCache } from './candidate-cache.js';
import type { Place } from './place.js';

/** Known names stay a week; misses an hour, so a flood of nonsense cannot fill Redis for long. */
const FOUND_TTL_SECONDS = 7 * 24 * 3600;
const MISS_TTL_SECONDS = 3600;

/** The prefix of every key the Redis tier writes for a data version. */
export function redisKeyPrefix(dataVersion: string): string {
  const tag = createHash('sha1').update(dataVersion).digest('hex').slice(0, 10);
  return `placerace:names:${tag}:`;
}

/**
 * The shared tier: one Redis string per name key, JSON of its places. Keys
 * carry a tag of the data version, so nodes never read entries written from
 * other data, and old entries expire by themselves after a re-import.
 */
export class RedisCandidateCache implements CandidateCache {
  readonly tier = 'redis';
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    dataVersion: string,
  ) {
    this.prefix = redisKeyPrefix(dataVersion);
  }

  async get(key: string): Promise<Place[] | undefined> {
    const value = await this.redis.get(this.prefix + key);
    return value === null ? undefined : (JSON.parse(value) as Place[]);
  }

  async set(key: string, places: Place[]): Promise<void> {
    const ttl = places.length > 0 ? FOUND_TTL_SECONDS : MISS_TTL_SECONDS;
    await this.redis.set(this.prefix + key, JSON.stringify(places), 'EX', ttl);
  }
}
