import { Redis } from 'ioredis';

/**
 * A Redis client for the name cache and the rooms: commands fail fast while
 * Redis is unreachable (no offline queue, a short timeout), so that a lookup
 * falls through to the database and a room command answers "unavailable"
 * instead of waiting; the client keeps reconnecting in the background.
 */
export function connectCacheRedis(url: string): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 500,
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  // Errors surface on the commands; the event would otherwise crash the process.
  redis.on('error', () => {});
  return redis;
}

/** Resolves once the client is connected, or rejects after `timeoutMs`. */
export function redisReady(redis: Redis, timeoutMs = 5000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`Redis not reachable within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}

/**
 * A Redis client for socket.io's adapter: unlike the cache's, it queues
 * commands while Redis is away and sends them when it is back, so broadcasts
 * of a short outage are delayed, not lost; its stream reader resumes where it was.
 */
export function connectAdapterRedis(url: string): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  redis.on('error', () => {});
  return redis;
}
