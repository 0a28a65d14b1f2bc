import { join } from 'node:path';
import type { Database } from './database.js';

export interface DatabaseConfig {
  /** A PostgreSQL connection string; when absent the embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** Where the embedded database keeps its files. */
  dataDir: string;
}

/**
 * PostgreSQL when DATABASE_URL is set, else PGlite under the data directory,
 * in a worker thread so that its queries never stall the sockets. Each
 * driver is loaded only when chosen: PGlite's WebAssembly alone costs some
 * 50 MB of memory a PostgreSQL node has no use for.
 */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.databaseUrl) {
    const { openPostgresDatabase } = await import('./postgres-database.js');
    return openPostgresDatabase(config.databaseUrl);
  }
  const { openPgliteWorkerDatabase } = await import('./pglite-worker-database.js');
  return openPgliteWorkerDatabase(join(config.dataDir, 'pglite'));
}
