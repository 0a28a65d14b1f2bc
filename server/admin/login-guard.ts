/**
 * Guessing the operator's password. Wrong passwords are counted per source
 * (an IPv4 address, an IPv6 /64: one subscriber's whole range) and for
 * everyone together (rate-limiter-flexible; in Redis when nodes share it):
 *
 * - from the third failure on, a source waits a growing delay (2 s, 4 s, …
 *   up to 60 s) before its next try is looked at;
 * - MAX_FAILURES within the window lock that source for LOCK_SECONDS;
 * - EVERYONE_MAX_FAILURES from all sources within an hour lock the login
 *   for everyone for the rest of it, so that many addresses (a botnet, an
 *   IPv6 range) together still get no more than that many guesses an hour.
 *
 * A lock refuses the right password too: otherwise it would only slow the
 * guessing down. The operator who is locked out gets in with the one-time
 * unlock code logged with the lock (unlock-codes.ts, login-route.ts).
 */
import { isIPv6 } from 'node:net';
import type { Redis } from 'ioredis';
import { perAddress } from '../realtime/rate-limits.js';

export interface LoginGuardOptions {
  /** Wrong passwords from one source within `windowSeconds` that lock it. */
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
  /** Wrong passwords from all sources within `everyoneWindowSeconds` that lock the login for all. */
  everyoneMaxFailures: number;
  everyoneWindowSeconds: number;
  /** How long a source waits after its `failures`-th wrong password (0: not at all). */
  delaySeconds: (failures: number) => number;
}

export const DEFAULT_LOGIN_GUARD: LoginGuardOptions = {
  maxFailures: 10,
  windowSeconds: 15 * 60,
  lockSeconds: 15 * 60,
  everyoneMaxFailures: 100,
  everyoneWindowSeconds: 60 * 60,
  // Two typos cost nothing; a script's third try on waits 2, 4, 8 … 60 s.
  delaySeconds: (failures) => (failures < 3 ? 0 : Math.min(60, 2 ** (failures - 2))),
};

export type LoginVerdict =
  | { state: 'open' }
  | { state: 'wait'; seconds: number }
  | { state: 'locked'; scope: 'source' | 'everyone'; seconds: number };

export interface LoginGuard {
  /** Whether a try from `source` may be looked at now. */
  verdict(source: string): Promise<LoginVerdict>;
  /** Counts a wrong password (or unlock code); says which lock, if any, this failure started. */
  failed(source: string): Promise<{ locked?: 'source' | 'everyone'; seconds: number }>;
  /** A right password clears the source's failures and its delay. */
  succeeded(source: string): Promise<void>;
}

const EVERYONE = 'all';

/** Where failures are counted: the address, or for IPv6 its /64 (one subscriber's range). */
export function loginSource(ip: string): string {
  const address = ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

const secondsOf = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export function createLoginGuard(
  shared?: { redis: Redis; prefix: string },
  overrides: Partial<LoginGuardOptions> = {},
): LoginGuard {
  const options = { ...DEFAULT_LOGIN_GUARD, ...overrides };
  const failures = perAddress('admin-login', options.maxFailures, options.windowSeconds, shared);
  const everyone = perAddress(
    'admin-login-all',
    options.everyoneMaxFailures,
    options.everyoneWindowSeconds,
    shared,
  );
  // Only blocks are kept here: a source's next try is not looked at before it ends.
  const pace = perAddress('admin-login-pace', 1, 60, shared);

  return {
    async verdict(source) {
      const [all, mine, waiting] = await Promise.all([
        everyone.get(EVERYONE),
        failures.get(source),
        pace.get(source),
      ]);
      if (all && all.consumedPoints >= options.everyoneMaxFailures)
        return { state: 'locked', scope: 'everyone', seconds: secondsOf(all.msBeforeNext) };
      if (mine && mine.consumedPoints >= options.maxFailures)
        return { state: 'locked', scope: 'source', seconds: secondsOf(mine.msBeforeNext) };
      if (waiting && waiting.consumedPoints > 1 && waiting.msBeforeNext > 0)
        return { state: 'wait', seconds: secondsOf(waiting.msBeforeNext) };
      return { state: 'open' };
    },
    async failed(source) {
      const [all, mine] = await Promise.all([
        everyone.penalty(EVERYONE, 1),
        failures.penalty(source, 1),
      ]);
      // Exactly at the limit: the failure that starts a lock, once (later ones find it locked).
      if (all.consumedPoints === options.everyoneMaxFailures) {
        await everyone.block(EVERYONE, options.everyoneWindowSeconds);
        return { locked: 'everyone', seconds: options.everyoneWindowSeconds };
      }
      if (mine.consumedPoints === options.maxFailures) {
        await failures.block(source, options.lockSeconds);
        return { locked: 'source', seconds: options.lockSeconds };
      }
      const delay = Math.round(options.delaySeconds(mine.consumedPoints));
      if (delay > 0) await pace.block(source, delay);
      return { seconds: delay };
    },
    async succeeded(source) {
      await Promise.all([failures.delete(source), pace.delete(source)]);
    },
  };
}
