/**
 * Which real services the suites may use. DATABASE_URL and REDIS_URL come
 * from the environment (.ci/run exports both). Without them the PostgreSQL
 * and Redis suites are skipped with a message, except when REQUIRE_SERVICES
 * is set (as in CI): then a missing service fails the run instead of hiding.
 */
import { join } from 'node:path';

export const databaseUrl = process.env.DATABASE_URL || undefined;
export const redisUrl = process.env.REDIS_URL || undefined;
const required = process.env.REQUIRE_SERVICES === '1';

/**
 * The PGlite data directory the suites share, imported once by the global
 * setup. TEST_DATA_DIR moves it, so that two test runs at once (PGlite serves
 * one process) do not share one.
 */
export const testDataDir = process.env.TEST_DATA_DIR || join(process.cwd(), 'data', 'test');

/** `describe`, or a skip that says why, for a suite needing these services. */
export function describeWith(...services: ('DATABASE_URL' | 'REDIS_URL')[]): jest.Describe {
  const missing = services.filter((s) => !(s === 'DATABASE_URL' ? databaseUrl : redisUrl));
  if (missing.length === 0) return describe;
  if (required) throw new Error(`${missing.join(' and ')} must be set when REQUIRE_SERVICES=1`);
  console.warn(`Skipping the suites that need ${missing.join(' and ')}: not set.`);
  return describe.skip;
}
