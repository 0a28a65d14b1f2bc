import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { clientAddress } from '../server/realtime/client-address.js';
import { createRateLimits, DEFAULT_RATE_LIMITS } from '../server/realtime/rate-limits.js';
import { connectCacheRedis, redisReady } from '../server/redis.js';
import { describeWith, redisUrl } from './support/services.js';

describe('the address a player connects from', () => {
  const handshake = (forwarded?: string) => ({
    address: '10.0.0.5',
    headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
  });

  test('without a trusted proxy: the peer, whatever the header claims', () => {
    expect(clientAddress(handshake('1.2.3.4'), 0)).toBe('10.0.0.5');
  });

  test('behind one proxy: the address it appended, not what the client wrote before it', () => {
    expect(clientAddress(handshake('6.6.6.6, 203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(handshake('203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(handshake(), 1)).toBe('10.0.0.5');
  });
});

describeWith('REDIS_URL')('per-IP limits shared by several nodes', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = connectCacheRedis(redisUrl!);
    await redisReady(redis);
  });
  afterAll(() => redis.disconnect());

  test('an address gets its allowance of room creations once, not once per node', async () => {
    const shared = { redis, prefix: `prtest-${randomUUID()}:` };
    const config = { ...DEFAULT_RATE_LIMITS, createsPerMinute: 4 };
    const nodes = [createRateLimits(config, shared), createRateLimits(config, shared)];
    const allowed = [];
    for (let i = 0; i < 6; i++) allowed.push(await nodes[i % 2]!.create('203.0.113.7'));
    expect(allowed).toEqual([true, true, true, true, false, false]);
    expect(await nodes[0]!.create('198.51.100.1')).toBe(true);
    await redis.del(...(await redis.keys(`${shared.prefix}*`)));
  });
});
