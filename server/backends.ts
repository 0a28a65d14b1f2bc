/**
 * The one place that decides what each part runs on: PGlite or PostgreSQL
 * (DATABASE_URL), this process's memory or Redis shared by every node
 * (REDIS_URL). main.ts, the places CLI and the tests' nodes all build from
 * here, so no part picks its own.
 */
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { Database } from '../db/database.js';
import { openDatabase, type DatabaseConfig } from '../db/open-database.js';
import type { Progress } from '../db/progress.js';
import { setUpDatabase } from '../db/setup.js';
import {
  MemoryAdminSessions,
  RedisAdminSessions,
  type AdminSessions,
} from './admin/admin-sessions.js';
import { createLoginGuard, type LoginGuard, type LoginGuardOptions } from './admin/login-guard.js';
import { RedisSampleLog } from './admin/redis-sample-log.js';
import { MemorySampleLog, type SampleLog } from './admin/sample-log.js';
import { MemoryUnlockCodes, RedisUnlockCodes, type UnlockCodes } from './admin/unlock-codes.js';
import type { Logger } from './log.js';
import { createPlaces, type Places } from './places/create-places.js';
import type { ConnectionCounts } from './realtime/connection-counts.js';
import { MemoryConnectionCounts } from './realtime/connection-counts.js';
import { RedisConnectionCounts } from './realtime/redis-connection-counts.js';
import { redisReady } from './redis.js';
import { MemoryRoomStore } from './rooms/memory-room-store.js';
import { RedisRoomStore } from './rooms/redis-room-store.js';
import { roomEventsKey } from './rooms/room-event-stream.js';
import type { RoomStore } from './rooms/room-store.js';

/** The name index kept beside the data, read back at the next start (obtain-name-index.ts). */
export const NAME_INDEX_FILE = 'name-index.bin';

/** Redis shared by the nodes, and the prefix of every key they keep in it. */
export interface Shared {
  redis: Redis;
  prefix: string;
}

/** What the nodes share through Redis when there is one, and keep in memory when not. */
export interface SharedParts {
  rooms: RoomStore;
  /** The operators' sessions. */
  sessions: AdminSessions;
  /** Every node's second-by-second samples, for the dashboard. */
  samples: SampleLog;
  /** The operator's one-time unlock codes. */
  unlockCodes: UnlockCodes;
  /** Open connections per address, against CONNECTIONS_PER_ADDRESS. */
  connections: ConnectionCounts;
  loginGuard: LoginGuard;
  /**
   * With Redis: the stream the rooms' commits put their finds and states on,
   * which each node delivers to its own sockets (realtime/room-event-feed.ts).
   */
  roomEvents?: { redis: Redis; key: string };
}

export function sharedParts(
  shared: Shared | undefined,
  options: {
    nodeId: string;
    log: Logger;
    connectionsPerAddress: number;
    loginGuard?: Partial<LoginGuardOptions>;
  },
): SharedParts {
  const loginGuard = createLoginGuard(shared, options.loginGuard);
  const cap = options.connectionsPerAddress;
  if (!shared) {
    return {
      rooms: new MemoryRoomStore(),
      sessions: new MemoryAdminSessions(),
      samples: new MemorySampleLog(),
      unlockCodes: new MemoryUnlockCodes(),
      connections: new MemoryConnectionCounts(cap),
      loginGuard,
    };
  }
  const { redis, prefix } = shared;
  const eventStream = roomEventsKey(prefix);
  return {
    rooms: new RedisRoomStore(redis, { prefix, eventStream }),
    sessions: new RedisAdminSessions(redis, prefix),
    samples: new RedisSampleLog(redis, prefix),
    unlockCodes: new RedisUnlockCodes(redis, prefix),
    connections: new RedisConnectionCounts(redis, prefix, cap, {
      nodeId: options.nodeId,
      log: options.log,
    }),
    loginGuard,
    roomEvents: { redis, key: eventStream },
  };
}

export interface GameData {
  db: Database;
  places: Places;
  /** What setting the database up did: migrations applied, the gazetteer imported or not. */
  setup: Awaited<ReturnType<typeof setUpDatabase>>;
}

/**
 * Opens the database (PGlite in DATA_DIR, or PostgreSQL at DATABASE_URL),
 * brings its schema and gazetteer up to date and puts the places over it,
 * their cache shared through Redis when there is one.
 */
export async function openGameData(
  config: DatabaseConfig & { dataDir: string },
  options: {
    redis?: Redis;
    /** The prefix of the keys this deployment keeps in Redis. */
    prefix?: string;
    progress?: Progress;
    /** Told once the database is open, before a first import that may take a minute. */
    onOpen?: (db: Database) => void;
    /** Told when Redis does not answer yet: the places then ask the database alone. */
    onRedisUnreachable?: (err: Error) => void;
  } = {},
): Promise<GameData> {
  const db = await openDatabase(config);
  try {
    options.onOpen?.(db);
    const setup = await setUpDatabase(db, { progress: options.progress });
    const { redis } = options;
    if (redis) await redisReady(redis).catch((err: Error) => options.onRedisUnreachable?.(err));
    const places = await createPlaces({
      db,
      caches: {
        file: join(config.dataDir, NAME_INDEX_FILE),
        shared: redis && { redis, prefix: options.prefix ?? '' },
      },
    });
    return { db, places, setup };
  } catch (err) {
    await db.close();
    throw err;
  }
}
