import { join } from 'node:path';
import type { Database } from './database.js';
import { openPgliteDatabase } from './pglite-database.js';
import { openPostgresDatabase } from './postgres-database.js';

export interface DatabaseConfig {
  /** A PostgreSQL connection string; when absent the embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** Where the embedded database keeps its files. */
  dataDir: string;
}

/** PostgreSQL when DATABASE_URL is set, else PGlite under the data directory. */
export function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.databaseUrl
    ? openPostgresDatabase(config.databaseUrl)
    : openPgliteDatabase(join(config.dataDir, 'pglite'));
}
