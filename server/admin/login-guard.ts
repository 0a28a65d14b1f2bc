/**
 * Brute force on the operator's password: after MAX_FAILURES wrong
 * passwords from one address within the window, that address is refused for
 * LOCKOUT_SECONDS, right password or not (rate-limiter-flexible; in Redis
 * when nodes share it, so the count is per address and not per node).
 */
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

export const MAX_FAILURES = 10;
export const FAILURE_WINDOW_SECONDS = 15 * 60;
export const LOCKOUT_SECONDS = 15 * 60;

export interface LoginGuard {
  /** Seconds the address must still wait, or 0 when it may try. */
  lockedFor(ip: string): Promise<number>;
  /** Counts a wrong password; true when this failure locked the address out. */
  failed(ip: string): Promise<boolean>;
  /** A right password clears the address's failures. */
  succeeded(ip: string): Promise<void>;
}

export function createLoginGuard(shared?: { redis: Redis; prefix: string }): LoginGuard {
  const options = {
    points: MAX_FAILURES,
    duration: FAILURE_WINDOW_SECONDS,
    blockDuration: LOCKOUT_SECONDS,
  };
  const memory = new RateLimiterMemory(options);
  const failures: RateLimiterAbstract = shared
    ? new RateLimiterRedis({
        ...options,
        storeClient: shared.redis,
        keyPrefix: `${shared.prefix}limit:admin-login`,
        insuranceLimiter: memory,
      })
    : memory;
  return {
    async lockedFor(ip) {
      const record = await failures.get(ip);
      if (!record || record.consumedPoints < MAX_FAILURES) return 0;
      return Math.max(1, Math.ceil(record.msBeforeNext / 1000));
    },
    async failed(ip) {
      const record = await failures.penalty(ip, 1);
      if (record.consumedPoints < MAX_FAILURES) return false;
      // The lockout runs its full time from the failure that caused it.
      await failures.block(ip, LOCKOUT_SECONDS);
      return true;
    },
    async succeeded(ip) {
      await failures.delete(ip);
    },
  };
}
