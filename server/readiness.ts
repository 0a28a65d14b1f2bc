import type { Redis } from 'ioredis';
import type { Database } from '../db/database.js';

/** A check that has not answered by then counts as failed: /readyz must answer quickly. */
const CHECK_TIMEOUT_MS = 2000;

function within<T>(promise: Promise<T>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  return Promise.race([
    promise.then(
      () => true,
      () => false,
    ),
    timeout,
  ]).finally(() => clearTimeout(timer));
}

/** Whether the node's database and (when it uses one) Redis answer: GET /readyz. */
export async function readiness(db: Database, redis?: Redis): Promise<Record<string, boolean>> {
  const [database, cache] = await Promise.all([
    within(db.query('SELECT 1')),
    redis ? within(redis.ping()) : Promise.resolve(undefined),
  ]);
  return cache === undefined ? { database } : { database, redis: cache };
}
