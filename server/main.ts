/**
 * The composition root: reads the configuration, opens the database (PGlite
 * or PostgreSQL) and Redis, brings the data up to date and serves. It listens
 * at once, so /healthz can say "starting" during a first import.
 */
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Database } from '../db/database.js';
import { createProgress, teeProgress } from '../db/progress.js';
import { holdPglite } from '../db/backups/pglite-owner.js';
import { openGameData } from './backends.js';
import { backUpOnSignal } from './backup-on-signal.js';
import { readConfig } from './config.js';
import { createLogger } from './log.js';
import { createGameNode } from './node.js';
import { startNodePresence, type NodePresence } from './realtime/node-presence.js';
import { StartupStatus } from './startup-status.js';
import { connectAdapterRedis, connectCacheRedis } from './redis.js';
import { collectStartupGarbage } from './startup-garbage.js';

const config = readConfig(process.env);
const log = createLogger(config.logLevel).child({ node: config.nodeId });
const { redisUrl, redisPrefix: prefix } = config;

// With Redis, rooms live there and broadcasts reach the other nodes through its streams.
const redis = redisUrl ? connectCacheRedis(redisUrl) : undefined;
const adapterRedis = redisUrl ? connectAdapterRedis(redisUrl) : undefined;
const startup = new StartupStatus();
const node = createGameNode({
  startup,
  nodeId: config.nodeId,
  metricsToken: config.metricsToken,
  adminPassword: config.adminPassword,
  shared: redis && { redis, prefix },
  trustProxy: config.trustProxy,
  allowedOrigins: config.allowedOrigins,
  developmentOrigins: config.developmentOrigins,
  connectionsPerAddress: config.connectionsPerAddress,
  logDir: config.logDir,
  historyFile: config.historyFile,
  namingStatsEveryMs: config.namingStatsEveryMs,
  sourceMaps: config.sourceMaps,
  log,
  adapter:
    adapterRedis &&
    createAdapter(adapterRedis, {
      streamName: `${prefix}socket.io`,
      channelPrefix: `${prefix}socket.io`,
      sessionKeyPrefix: `${prefix}sio:session:`,
    }),
});

let db: Database | undefined;
let letGoOfPglite: (() => void) | undefined;
let presence: NodePresence | undefined;

async function start(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    node.http.once('error', reject);
    node.http.listen(config.port, config.host, resolve);
  });
  // The port it got: PORT=0 asks the system for a free one (the tests do).
  const { port } = node.http.address() as AddressInfo;
  log.info({ url: `http://${config.host}:${port}` }, 'listening');
  if (!config.adminPassword) log.info('the operator dashboard (/admin) is off: set ADMIN_PASSWORD');

  startup.stage('opening the database');
  const data = await openGameData(config, {
    redis,
    prefix,
    progress: teeProgress(createProgress(), startup),
    onOpen: (opened) => {
      db = opened;
      log.info({ database: opened.kind }, 'database open');
      if (opened.kind === 'pglite') {
        letGoOfPglite = holdPglite(config.dataDir);
        backUpOnSignal(opened, config.dataDir, log);
      }
      startup.stage('checking the places');
    },
    onRedisUnreachable: (err) =>
      log.warn(
        { err: err.message },
        'Redis unreachable at start; rooms answer "unavailable" until it is',
      ),
  });
  const { places, setup } = data;
  startup.stage('getting ready');
  if (setup.migrations.length > 0) log.info({ migrations: setup.migrations }, 'migrated');
  log.info(
    { status: setup.gazetteer.status, dataVersion: setup.gazetteer.dataVersion },
    'gazetteer ready',
  );
  const game = node.ready({
    db: data.db,
    places,
    log,
    nodeId: config.nodeId,
    sharedLimits: redis && { redis, prefix },
    trustProxy: config.trustProxy,
    rateLimits: config.rateLimits,
    onWarm: collectStartupGarbage,
  });
  if (redis) {
    presence = startNodePresence({
      redis,
      prefix,
      nodeId: config.nodeId,
      log,
      onLost: (lost) => game.disconnectNode(lost),
      onRevived: () => game.reseatSockets(),
    });
  }
  log.info({ scopes: places.gazetteer.scopes.length, rooms: redis ? 'redis' : 'memory' }, 'ready');
}

/** How long a shutdown may take before the process exits anyway: systemd's stop timeout is longer. */
const SHUTDOWN_DEADLINE_MS = 10_000;

async function stop(signal: string): Promise<void> {
  log.info({ signal }, 'shutting down');
  // A close that hangs (a client holding its socket open, a database that no
  // longer answers) must not keep the port: the process goes anyway.
  setTimeout(() => {
    log.warn({ ms: SHUTDOWN_DEADLINE_MS }, 'shutdown took too long; exiting now');
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS).unref();
  await presence?.stop();
  await node.close();
  adapterRedis?.disconnect();
  redis?.disconnect();
  await db?.close();
  letGoOfPglite?.();
  process.exit(0);
}

// Signals reach this process however it was started: `npm start` execs node
// in place of its shell, and the systemd units run node with no npm at all.
// A second signal while shutting down means "now".
let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    void stop(signal);
  });
}

start().catch((error: unknown) => {
  log.fatal({ err: error }, 'could not start');
  process.exit(1);
});
