import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisCandidateCache } from '../server/places/redis-candidate-cache.js';
import { describeCandidateCacheContract } from './candidate-cache.contract.js';
import { describeWith, redisUrl } from './support/services.js';

const describeRedis = describeWith('REDIS_URL');
let redis: Redis;

describeRedis('Redis tier', () => {
  beforeAll(() => {
    redis = new Redis(redisUrl!);
  });
  afterAll(() => redis.quit());

  describeCandidateCacheContract(describe, 'Redis', async (dataVersion) => {
    return new RedisCandidateCache(redis, dataVersion);
  });

  test('entries expire: known names after days, misses within the hour', async () => {
    const cache = new RedisCandidateCache(redis, `ttl-${randomUUID()}`);
    const place = {
      id: 1,
      name: 'A',
      asciiName: 'A',
      country: 'DE',
      admin1: '',
      population: 1,
      lat: 0,
      lon: 0,
      capital: false,
    };
    await cache.set('found', [place]);
    await cache.set('missed', []);
    const keys = await redis.keys('placerace:names:*:found');
    const missKeys = await redis.keys('placerace:names:*:missed');
    const foundTtl = Math.min(...(await Promise.all(keys.map((k) => redis.ttl(k)))));
    const missTtl = Math.max(...(await Promise.all(missKeys.map((k) => redis.ttl(k)))));
    expect(foundTtl).toBeGreaterThan(24 * 3600);
    expect(missTtl).toBeGreaterThan(0);
    expect(missTtl).toBeLessThanOrEqual(3600);
  });
});
