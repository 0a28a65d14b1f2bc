import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../../db/database.js';
import { openPgliteDatabase } from '../../db/pglite-database.js';
import { openPgliteWorkerDatabase } from '../../db/pglite-worker-database.js';
import { openPostgresDatabase } from '../../db/postgres-database.js';
import { openDatabase } from '../../db/open-database.js';
import { databaseUrl, testDataDir } from './services.js';

export interface TestDatabase {
  name: 'PGlite' | 'PGlite in a worker' | 'PostgreSQL';
  /** The shared, fully imported database of the test run. */
  openImported: () => Promise<Database>;
  /** A new empty database, removed again by `dispose`. */
  openEmpty: () => Promise<{ db: Database; dispose: () => Promise<void> }>;
}

const pglite: TestDatabase = {
  name: 'PGlite',
  // As the server opens it: in a worker thread (db/open-database.ts).
  openImported: () => openDatabase({ dataDir: testDataDir }),
  async openEmpty() {
    const db = await openPgliteDatabase('memory://');
    return { db, dispose: () => db.close() };
  },
};

function postgres(url: string): TestDatabase {
  return {
    name: 'PostgreSQL',
    openImported: () => openPostgresDatabase(url),
    async openEmpty() {
      const name = `placerace_t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const target = new URL(url);
      target.pathname = `/${name}`;
      const db = await openPostgresDatabase(target.toString());
      return {
        db,
        async dispose() {
          await db.close();
          const cleanup = new pg.Client({ connectionString: url });
          await cleanup.connect();
          await cleanup.query(`DROP DATABASE IF EXISTS ${name}`);
          await cleanup.end();
        },
      };
    },
  };
}

/** The server's PGlite: the same database on a thread of its own. */
const pgliteInAWorker: TestDatabase = {
  name: 'PGlite in a worker',
  openImported: () => openDatabase({ dataDir: testDataDir }),
  async openEmpty() {
    const db = await openPgliteWorkerDatabase('memory://');
    return { db, dispose: () => db.close() };
  },
};

/** PGlite always; PostgreSQL when DATABASE_URL is set. */
export const testDatabases: TestDatabase[] = databaseUrl
  ? [pglite, postgres(databaseUrl)]
  : [pglite];

export const postgresDatabase = databaseUrl ? postgres(databaseUrl) : undefined;
export { pglite as pgliteDatabase, pgliteInAWorker as pgliteWorkerDatabase };
