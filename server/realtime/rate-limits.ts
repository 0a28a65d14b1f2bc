import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { Logger } from '../log.js';
import { SocketAllowance } from './socket-allowance.js';

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
  /** A connected socket's limits, held by its listeners and dropped with it. */
  forSocket(): SocketLimits;
}

export interface SocketLimits {
  /**
   * Whether an event of `limit` may go ahead; `address` is asked only when
   * needed. The socket's own limits answer at once; creating and joining
   * also ask the address's, which may live in Redis: a promise.
   */
  allows(limit: Limit, address: () => string): boolean | Promise<boolean>;
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
 * Guesses: a burst of `guessBurst`, then `guessesPerSecond`; other commands
 * `commandsPerSecond`: per socket, in this process (socket-allowance.ts).
 * Creating and joining count per socket and per address (in Redis when
 * nodes share it). With `refusals`, a refused event is logged at info with
 * its address, once a minute per address.
 */
export function createRateLimits(
  config: RateLimitConfig,
  shared?: SharedLimits,
  refusals?: RefusalLog,
): RateLimits {
  const creates = perAddress('create', config.createsPerMinute, 60, shared);
  const joins = perAddress('join', config.joinsPerMinute, 60, shared);
  const refused = refusals && refusalLogger(refusals);
  const told = (verdict: boolean, limit: Limit, address: () => string) => {
    if (!verdict) refused?.(address(), limit);
    return verdict;
  };
  return {
    forSocket() {
      const own = new SocketAllowance(config, refusals?.clock);
      return {
        allows(limit, address) {
          switch (limit) {
            case 'guess':
            case 'command':
              return told(own.take(limit), limit, address);
            case 'create':
            case 'join': {
              if (!own.take('command')) return told(false, limit, address);
              const perIp = limit === 'create' ? creates : joins;
              return allowed(perIp, address()).then((verdict) => told(verdict, limit, address));
            }
          }
        },
      };
    },
  };
}
