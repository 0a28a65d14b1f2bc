/**
 * The composition root: reads the configuration, opens the database (PGlite
 * or PostgreSQL) and Redis, brings the data up to date and serves. It listens
 * at once, so /healthz can say "starting" during a first import.
 */
import type { Redis } from 'ioredis';
import type { Database } from '../db/database.js';
import { openDatabase } from '../db/open-database.js';
import { createProgress } from '../db/progress.js';
import { setUpDatabase } from '../db/setup.js';
import { readConfig } from './config.js';
import { createLogger } from './log.js';
import { createGameNode } from './node.js';
import { createPlaces } from './places/create-places.js';
import { connectCacheRedis, redisReady } from './redis.js';
import { MemoryRoomStore } from './rooms/memory-room-store.js';

const config = readConfig(process.env);
const log = createLogger(config.logLevel);
const node = createGameNode();

let db: Database | undefined;
let redis: Redis | undefined;

async function start(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    node.http.once('error', reject);
    node.http.listen(config.port, config.host, resolve);
  });
  log.info({ url: `http://${config.host}:${config.port}` }, 'listening');

  db = await openDatabase(config);
  log.info({ database: db.kind }, 'database open');
  const setup = await setUpDatabase(db, { progress: createProgress() });
  if (setup.migrations.length > 0) log.info({ migrations: setup.migrations }, 'migrated');
  log.info(
    { status: setup.gazetteer.status, dataVersion: setup.gazetteer.dataVersion },
    'gazetteer ready',
  );

  if (config.redisUrl) {
    redis = connectCacheRedis(config.redisUrl);
    await redisReady(redis).catch((error: Error) => {
      log.warn({ err: error.message }, 'Redis unreachable at start; caching in process only');
    });
  }
  const places = await createPlaces({ db, redis, memoryEntries: config.placeCacheEntries });
  node.ready({ db, places, store: new MemoryRoomStore(), log });
  log.info({ scopes: places.gazetteer.scopes.length }, 'ready');
}

async function stop(signal: string): Promise<void> {
  log.info({ signal }, 'shutting down');
  await node.close();
  redis?.disconnect();
  await db?.close();
  process.exit(0);
}

process.once('SIGTERM', () => void stop('SIGTERM'));
process.once('SIGINT', () => void stop('SIGINT'));

start().catch((error: unknown) => {
  log.fatal({ err: error }, 'could not start');
  process.exit(1);
});
