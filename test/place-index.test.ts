/**
 * The cache tiers in front of the database: what each answers, how they fill,
 * and that a failing Redis never stops a lookup.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Database } from '../db/database.js';
import { MemoryCandidateCache } from '../server/places/memory-candidate-cache.js';
import { PlaceIndex } from '../server/places/place-index.js';
import { RedisCandidateCache } from '../server/places/redis-candidate-cache.js';
import { connectCacheRedis } from '../server/redis.js';
import { pgliteDatabase } from './support/databases.js';
import { describeWith, redisUrl } from './support/services.js';

let db: Database;
beforeAll(async () => {
  db = await pgliteDatabase.openImported();
});
afterAll(() => db.close());

describe('PlaceIndex with the in-process tier', () => {
  test('a second lookup of a name is answered in process', async () => {
    const index = new PlaceIndex([new MemoryCandidateCache(100)], db);
    const first = await index.lookup('hamburg');
    const second = await index.lookup('hamburg');
    expect(second).toEqual(first);
    expect(index.counts.memory).toEqual({ hits: 1, misses: 1, errors: 0 });
    expect(index.counts.database.hits).toBe(1);
    expect(index.hitRatio('memory')).toBe(0.5);
  });

  test('a miss is remembered too', async () => {
    const index = new PlaceIndex([new MemoryCandidateCache(100)], db);
    expect(await index.lookup('qwxzy')).toEqual([]);
    expect(await index.lookup('qwxzy')).toEqual([]);
    expect(index.counts.database.hits).toBe(1);
  });

  test('concurrent lookups of a cold name share one trip to the database', async () => {
    const index = new PlaceIndex([new MemoryCandidateCache(100)], db);
    const results = await Promise.all(Array.from({ length: 8 }, () => index.lookup('bremen')));
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(index.counts.database.hits).toBe(1);
  });

  test('preloading a country answers all its names in process', async () => {
    const index = new PlaceIndex([new MemoryCandidateCache(100_000)], db);
    const loaded = await index.preload(['LI']);
    expect(loaded).toBeGreaterThan(10);
    const vaduz = await index.lookup('vaduz');
    expect(vaduz[0]).toMatchObject({ name: 'Vaduz', country: 'LI' });
    expect(index.counts.database.hits).toBe(0);
  });

  test('every name of one place shares one object in memory', async () => {
    const index = new PlaceIndex([new MemoryCandidateCache(100)], db);
    const [a] = await index.lookup('koln');
    const [b] = await index.lookup('cologne');
    expect(a).toBe(b);
  });
});

describeWith('REDIS_URL')('PlaceIndex with Redis', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(redisUrl!);
  });
  afterAll(() => redis.quit());

  test('a node with an empty memory finds in Redis what another node looked up', async () => {
    const version = `index-${randomUUID()}`;
    const nodeA = new PlaceIndex(
      [new MemoryCandidateCache(100), new RedisCandidateCache(redis, version)],
      db,
    );
    const nodeB = new PlaceIndex(
      [new MemoryCandidateCache(100), new RedisCandidateCache(redis, version)],
      db,
    );
    const fromDatabase = await nodeA.lookup('leipzig');
    expect(nodeA.counts.database.hits).toBe(1);
    expect(await nodeB.lookup('leipzig')).toEqual(fromDatabase);
    expect(nodeB.counts.redis.hits).toBe(1);
    expect(nodeB.counts.database.hits).toBe(0);
    await nodeB.lookup('leipzig');
    expect(nodeB.counts.memory.hits).toBe(1);
  });

  test('with Redis unreachable, lookups still answer from the database', async () => {
    const deadRedis = connectCacheRedis('redis://127.0.0.1:1');
    try {
      const index = new PlaceIndex(
        [new MemoryCandidateCache(100), new RedisCandidateCache(deadRedis, 'dead')],
        db,
      );
      const [dresden] = await index.lookup('dresden');
      expect(dresden).toMatchObject({ name: 'Dresden', country: 'DE' });
      expect(index.counts.redis.errors).toBeGreaterThan(0);
      expect(index.counts.database.hits).toBe(1);
    } finally {
      deadRedis.disconnect();
    }
  });
});
