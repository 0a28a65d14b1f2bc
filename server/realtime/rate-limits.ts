import type { Redis } from 'ioredis';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { Logger } from '../log.js';

/** Per-socket and per-IP limits; tests and the load test pass their own. */
export interface RateLimitConfig {
  /** Guesses a socket may send at once before the sustained rate applies. */
  guessBurst: number;
  /** Guesses per second a socket may keep sending. */
  guessesPerSecond: number;
  /** Other commands per second a socket may send. */
  commandsPerSecond: number;
  /** Rooms one IP address may create per minute. */
  createsPerMinute: number;
  /** Joins one IP address may make per minute. */
  joinsPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  guessBurst: 20,
  guessesPerSecond: 10,
  commandsPerSecond: 10,
  createsPerMinute: 20,
  joinsPerMinute: 120,
};

/** The limit an event counts against: creating and joining count per socket and per address too. */
export type Limit = 'guess' | 'command' | 'create' | 'join';

export interface RateLimits {
  /** Each resolves true when the event may go ahead. */
  guess(socketId: string): Promise<boolean>;
  command(socketId: string): Promise<boolean>;
  create(ip: string): Promise<boolean>;
  join(ip: string): Promise<boolean>;
  /** Whether an event of `limit` from this socket may go ahead; `address` is asked only when needed. */
  allows(limit: Limit, socketId: string, address: () => string): Promise<boolean>;
}

const allowed = (limiter: { consume(key: string): Promise<unknown> }, key: string) =>
  limiter.consume(key).then(
    () => true,
    () => false,
  );

/** Where per-IP counts are kept when several nodes share the players: Redis. */
export interface SharedLimits {
  redis: Redis;
  prefix: string;
}

/**
 * A per-IP limit: in Redis when nodes share it, so that an address gets its
 * allowance once and not once per node; in memory otherwise, and in memory
 * meanwhile when Redis is unreachable (the "insurance" limiter).
 */
export function perAddress(name: string, points: number, duration: number, shared?: SharedLimits) {
  const memory = new RateLimiterMemory({ points, duration });
  if (!shared) return memory;
  return new RateLimiterRedis({
    storeClient: shared.redis,
    keyPrefix: `${shared.prefix}limit:${name}`,
    points,
    duration,
    insuranceLimiter: memory,
  });
}

/** One log line per address and minute, however hard it knocks (as connection-cap.ts). */
const LOG_EVERY_MS = 60_000;

/** Where refusals are told, with the address (for fail2ban: ops/fail2ban/). */
export interface RefusalLog {
  log: Logger;
  clock?: () => number;
}

function refusalLogger({ log, clock = Date.now }: RefusalLog) {
  const logged = new Map<string, number>();
  return (address: string, limit: Limit) => {
    const now = clock();
    if ((logged.get(address) ?? -Infinity) > now - LOG_EVERY_MS) return;
    for (const [known, at] of logged) if (at <= now - LOG_EVERY_MS) logged.delete(known);
    logged.set(address, now);
    log.info({ ip: address, limit }, 'events refused: rate limited');
  };
}

/**
 * Guesses: a sustained rate per second, with a burst allowance on top that
 * refills over ten seconds (rate-limiter-flexible's BurstyRateLimiter). Per
 * socket limits stay in memory: a socket lives on one node. With `refusals`,
 * a refused event is logged at info with its address, once a minute per address.
 */
export function createRateLimits(
  config: RateLimitConfig,
  shared?: SharedLimits,
  refusals?: RefusalLog,
): RateLimits {
  const guesses = new BurstyRateLimiter(
    new RateLimiterMemory({ points: config.guessesPerSecond, duration: 1 }),
    new RateLimiterMemory({
      points: Math.max(1, config.guessBurst - config.guessesPerSecond),
      duration: 10,
    }),
  );
  const commands = new RateLimiterMemory({ points: config.commandsPerSecond, duration: 1 });
  const creates = perAddress('create', config.createsPerMinute, 60, shared);
  const joins = perAddress('join', config.joinsPerMinute, 60, shared);
  const refused = refusals && refusalLogger(refusals);
  const limits = {
    guess: (id: string) => allowed(guesses, id),
    command: (id: string) => allowed(commands, id),
    create: (ip: string) => allowed(creates, ip),
    join: (ip: string) => allowed(joins, ip),
  };
  async function judge(limit: Limit, socketId: string, address: () => string) {
    switch (limit) {
      case 'guess':
        return limits.guess(socketId);
      case 'command':
        return limits.command(socketId);
      case 'create':
        return (await limits.command(socketId)) && limits.create(address());
      case 'join':
        return (await limits.command(socketId)) && limits.join(address());
    }
  }
  return {
    ...limits,
    async allows(limit, socketId, address) {
      const verdict = await judge(limit, socketId, address);
      if (!verdict) refused?.(address(), limit);
      return verdict;
    },
  };
}
