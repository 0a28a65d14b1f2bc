/**
 * One-time unlock codes: when the login guard locks a source (or everyone)
 * out, a code is written to the server's log, and typed on the login page
 * with the password it lets the operator past the lock. It is no password:
 * the right password is still needed, so whoever reads the log gets no more
 * than the operator's usual chance. A code lasts CODE_TTL_MS, serves one
 * login and CODE_TRIES wrong passwords; 12 characters of 23 (54 bits), so
 * guessing one (each wrong code counts as a failed login) is hopeless.
 * Only a hash is stored: in memory on one node, in Redis when nodes share.
 */
import { createHash, randomInt } from 'node:crypto';
import type { Redis } from 'ioredis';
import { StoreUnavailableError } from '../rooms/room-store.js';

export const CODE_TTL_MS = 60 * 60 * 1000;
/** Wrong passwords typed with one code before it is spent. */
export const CODE_TRIES = 5;
/** The room codes' alphabet: no 0/O, 1/I/L, 5/S, 8/B look-alikes to misread in a log. */
const ALPHABET = 'ACDEFGHJKMNPQRTWXY34679';
const LENGTH = 12;

export interface UnlockCodes {
  /** A new code, valid for CODE_TTL_MS. */
  issue(): Promise<string>;
  /** Whether `code` is valid now (known, not expired, tries left). */
  check(code: string): Promise<boolean>;
  /** A wrong password was typed with it: one try fewer. */
  spend(code: string): Promise<void>;
  /** The login it served succeeded: it is used up. */
  redeem(code: string): Promise<void>;
}

/** XXXX-XXXX-XXXX, as the log shows it. */
function newCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code.match(/.{4}/g)!.join('-');
}

/** What was typed, as stored: upper case, without spaces and dashes; undefined if it cannot be a code. */
export function normaliseCode(typed: string): string | undefined {
  const code = typed.toUpperCase().replace(/[\s-]/g, '');
  return code.length === LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : undefined;
}

const SPEND = "if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('DECR', KEYS[1]) end";

const digest = (code: string) =>
  createHash('sha256')
    .update(normaliseCode(code) ?? '')
    .digest('base64url');

export class MemoryUnlockCodes implements UnlockCodes {
  private readonly codes = new Map<string, { tries: number; expires: number }>();

  constructor(private readonly clock: () => number = Date.now) {}

  async issue(): Promise<string> {
    const now = this.clock();
    for (const [key, entry] of this.codes) if (entry.expires <= now) this.codes.delete(key);
    const code = newCode();
    this.codes.set(digest(code), { tries: CODE_TRIES, expires: now + CODE_TTL_MS });
    return code;
  }

  async check(code: string): Promise<boolean> {
    const entry = this.codes.get(digest(code));
    return entry !== undefined && entry.expires > this.clock() && entry.tries > 0;
  }

  async spend(code: string): Promise<void> {
    const entry = this.codes.get(digest(code));
    if (entry && --entry.tries <= 0) this.codes.delete(digest(code));
  }

  async redeem(code: string): Promise<void> {
    this.codes.delete(digest(code));
  }
}

export class RedisUnlockCodes implements UnlockCodes {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async issue(): Promise<string> {
    const code = newCode();
    await this.call(() => this.redis.set(this.key(code), CODE_TRIES, 'PX', CODE_TTL_MS));
    return code;
  }

  async check(code: string): Promise<boolean> {
    const tries = await this.call(() => this.redis.get(this.key(code)));
    return Number(tries) > 0;
  }

  async spend(code: string): Promise<void> {
    // DECR keeps the expiry; at zero the code is worth nothing (check wants more). A code
    // that expired meanwhile is not brought back as a key without one.
    await this.call(() => this.redis.eval(SPEND, 1, this.key(code)));
  }

  async redeem(code: string): Promise<void> {
    await this.call(() => this.redis.del(this.key(code)));
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (err) {
      throw new StoreUnavailableError('the unlock codes (Redis) are not reachable', { cause: err });
    }
  }

  private key(code: string) {
    return `${this.prefix}admin:unlock:${digest(code)}`;
  }
}
