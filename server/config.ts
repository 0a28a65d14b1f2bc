import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_RATE_LIMITS, type RateLimitConfig } from './realtime/rate-limits.js';
import { parseOrigins } from './origins.js';
import { DEFAULT_CONNECTIONS_PER_ADDRESS } from './realtime/connection-cap.js';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const optionalUrl = z.preprocess(emptyAsUndefined, z.string().url().optional());

/** Every setting the server reads from its environment; README.md documents them. */
const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: optionalUrl,
  REDIS_URL: optionalUrl,
  REDIS_PREFIX: z.string().min(1).max(100).default('placerace:'),
  NODE_ID: z.preprocess(emptyAsUndefined, z.string().min(1).max(100).optional()),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CREATES_PER_MINUTE: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.createsPerMinute),
  JOINS_PER_MINUTE: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.joinsPerMinute),
  METRICS_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16).optional()),
  ADMIN_PASSWORD: z.preprocess(
    emptyAsUndefined,
    z.string().min(12, 'use at least 12 characters').max(200).optional(),
  ),
  LOG_DIR: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
  HISTORY_FILE: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  ALLOWED_ORIGINS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform((text, ctx) => {
        try {
          return parseOrigins(text);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
          return z.NEVER;
        }
      })
      .optional(),
  ),
  CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(DEFAULT_CONNECTIONS_PER_ADDRESS),
  NAMING_STATS_INTERVAL_MS: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(100).optional(),
  ),
  NODE_ENV: z.string().optional(),
  SOURCE_MAPS: z
    .enum(['', '0', '1'], 'use 1 to serve the source maps, 0 (or unset) not to')
    .default('0'),
});

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL; the embedded PGlite under `dataDir` when absent. */
  databaseUrl: string | undefined;
  /** Redis: rooms shared by every node, their broadcasts, the shared name cache; one node in memory when absent. */
  redisUrl: string | undefined;
  /** Before every room and broadcast key in Redis: the same on all nodes of one deployment. */
  redisPrefix: string;
  /** This node's name in logs and in the seats it holds; unique per process. */
  nodeId: string;
  dataDir: string;
  logLevel: string;
  /** The limits on sockets and addresses; the per-IP ones are raised for load tests from one address. */
  rateLimits: RateLimitConfig;
  /** GET /metrics asks for this bearer token when set; open otherwise (keep it off the public network). */
  metricsToken: string | undefined;
  /** The operator's dashboard (/admin) asks for it; the dashboard is off without one. */
  adminPassword: string | undefined;
  /** Where client-errors.log and impossible.log are written. */
  logDir: string;
  /** The hourly history's CSV file. */
  historyFile: string;
  /** How often "What people name" counts the newly saved games (NAMING_STATS_INTERVAL_MS); hourly when absent. */
  namingStatsEveryMs: number | undefined;
  /** How many proxies (a load balancer) in front set X-Forwarded-For; 0 when players connect directly. */
  trustProxy: number;
  /**
   * The origins whose pages may open sockets and post to the server (ALLOWED_ORIGINS);
   * when absent, the server's own origin as each request names it (Host, and behind
   * TRUST_PROXY the proxy's X-Forwarded-Proto and -Host).
   */
  allowedOrigins: string[] | undefined;
  /** Outside production (NODE_ENV), Vite's dev server (port 5173) is allowed too. */
  developmentOrigins: boolean;
  /** Concurrent connections one address may hold, across every node sharing Redis. */
  connectionsPerAddress: number;
  /**
   * Whether /assets/*.map answers (SOURCE_MAPS=1). The build always writes
   * the maps; served, they hand the client's source to anyone, so they are
   * off unless the operator wants them (debugging a client error report).
   */
  sourceMaps: boolean;
}

/** Reads and checks the configuration; a bad value stops the start with a clear message. */
export function readConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    redisUrl: c.REDIS_URL,
    redisPrefix: c.REDIS_PREFIX,
    nodeId: c.NODE_ID ?? `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`,
    dataDir: c.DATA_DIR,
    logLevel: c.LOG_LEVEL,
    rateLimits: {
      ...DEFAULT_RATE_LIMITS,
      createsPerMinute: c.CREATES_PER_MINUTE,
      joinsPerMinute: c.JOINS_PER_MINUTE,
    },
    metricsToken: c.METRICS_TOKEN,
    adminPassword: c.ADMIN_PASSWORD,
    logDir: c.LOG_DIR ?? join(c.DATA_DIR, 'logs'),
    historyFile: c.HISTORY_FILE ?? join(c.DATA_DIR, 'hourly.csv'),
    namingStatsEveryMs: c.NAMING_STATS_INTERVAL_MS,
    trustProxy: c.TRUST_PROXY,
    allowedOrigins: c.ALLOWED_ORIGINS,
    developmentOrigins: c.NODE_ENV !== 'production',
    connectionsPerAddress: c.CONNECTIONS_PER_ADDRESS,
    sourceMaps: c.SOURCE_MAPS === '1',
  };
}
