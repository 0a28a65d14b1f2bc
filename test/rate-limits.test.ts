import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { clientAddress } from '../server/realtime/client-address.js';
import { createRateLimits, DEFAULT_RATE_LIMITS } from '../server/realtime/rate-limits.js';
import { SocketAllowance } from '../server/realtime/socket-allowance.js';
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

describe("a socket's own allowance", () => {
  test('guesses: a burst of 20 at once, then 10 a second; other commands 10 a second', () => {
    let now = 1_000_000;
    const allowance = new SocketAllowance(DEFAULT_RATE_LIMITS, () => now);
    const taken = (kind: 'guess' | 'command', count: number) =>
      Array.from({ length: count }, () => allowance.take(kind)).filter(Boolean).length;
    expect(taken('guess', 40)).toBe(20);
    now += 500;
    expect(taken('guess', 40)).toBe(5);
    now += 3_000;
    expect(taken('guess', 40)).toBe(20);
    expect(taken('command', 40)).toBe(10);
    // Another socket has its own.
    expect(new SocketAllowance(DEFAULT_RATE_LIMITS, () => now).take('guess')).toBe(true);
  });
});

describe('refused events in the log', () => {
  test('a refused address is logged with its address once a minute, however hard it knocks', async () => {
    const lines: Record<string, unknown>[] = [];
    const log = pino(
      { level: 'info' },
      { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    let now = 1_000_000;
    const config = { ...DEFAULT_RATE_LIMITS, createsPerMinute: 2 };
    const limits = createRateLimits(config, undefined, { log, clock: () => now });
    const create = (ip: string) => limits.forSocket().allows('create', () => ip);
    const verdicts = [];
    for (let i = 0; i < 5; i++) verdicts.push(await create('203.0.113.7'));
    expect(verdicts).toEqual([true, true, false, false, false]);
    expect(await create('198.51.100.1')).toBe(true);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        ip: '203.0.113.7',
        limit: 'create',
        msg: 'events refused: rate limited',
      }),
    ]);
    now += 60_000;
    expect(await create('203.0.113.7')).toBe(false);
    expect(lines.map((l) => l.ip)).toEqual(['203.0.113.7', '203.0.113.7']);
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
    // A new socket each time: only the address's allowance is shared.
    const create = (node: number, ip: string) =>
      nodes[node]!.forSocket().allows('create', () => ip);
    for (let i = 0; i < 6; i++) allowed.push(await create(i % 2, '203.0.113.7'));
    expect(allowed).toEqual([true, true, true, true, false, false]);
    expect(await create(0, '198.51.100.1')).toBe(true);
    await redis.del(...(await redis.keys(`${shared.prefix}*`)));
  });
});
