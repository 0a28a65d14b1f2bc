/**
 * The operator's sessions: a random id in an HttpOnly cookie, and on the
 * server only its SHA-256, so a copy of the store (a Redis dump) holds
 * nothing that logs anyone in. In Redis when several nodes serve the
 * dashboard, so a login on one is valid on all; in memory for one node.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { StoreUnavailableError } from '../rooms/room-store.js';

export const SESSION_COOKIE = 'placerace_admin';
/** A session ends after this long, logged out or not. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface AdminSessions {
  /** A new session; its id goes into the cookie. */
  open(): Promise<string>;
  isOpen(id: string): Promise<boolean>;
  close(id: string): Promise<void>;
}

const digest = (id: string) => createHash('sha256').update(id).digest('base64url');
/** A session's name where it may be seen (the store's keys, its sockets' group): its id's hash. */
export const sessionDigest = digest;
const newId = () => randomBytes(32).toString('base64url');

export class MemoryAdminSessions implements AdminSessions {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly clock: () => number = Date.now) {}

  async open(): Promise<string> {
    const now = this.clock();
    for (const [key, expires] of this.expiries) if (expires <= now) this.expiries.delete(key);
    const id = newId();
    this.expiries.set(digest(id), now + SESSION_TTL_MS);
    return id;
  }

  async isOpen(id: string): Promise<boolean> {
    return (this.expiries.get(digest(id)) ?? 0) > this.clock();
  }

  async close(id: string): Promise<void> {
    this.expiries.delete(digest(id));
  }
}

export class RedisAdminSessions implements AdminSessions {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async open(): Promise<string> {
    const id = newId();
    await this.call(() => this.redis.set(this.key(id), '1', 'PX', SESSION_TTL_MS));
    return id;
  }

  async isOpen(id: string): Promise<boolean> {
    return (await this.call(() => this.redis.exists(this.key(id)))) === 1;
  }

  async close(id: string): Promise<void> {
    await this.call(() => this.redis.del(this.key(id)));
  }

  /** Redis away: the pages answer 503 "unavailable" (server/app.ts), like the rooms. */
  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (err) {
      throw new StoreUnavailableError('the session store (Redis) is not reachable', { cause: err });
    }
  }

  private key(id: string) {
    return `${this.prefix}admin:session:${digest(id)}`;
  }
}
