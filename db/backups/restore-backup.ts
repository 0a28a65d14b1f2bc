import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { REBUILT_TABLES, dumpStatements } from '../data-dump.js';
import type { Database, Queryable } from '../database.js';

/** The database already holds games and the restore was not forced. */
export class RestoreRefused extends Error {}

export interface Restored {
  games: number;
}

/**
 * Loads a backup (make-backup.ts) into `db`, whose schema is the release's
 * (migrated, gazetteer imported). In one transaction: every table a backup
 * holds is emptied, then filled from the file, so a restore is whole or
 * nothing. A database that holds games is refused unless `force`: a restore
 * replaces them.
 */
export async function restoreBackup(
  db: Database,
  file: string,
  options: { force: boolean },
): Promise<Restored> {
  const dump = await readDump(file);
  const [held] = await db.query<{ games: number }>('SELECT count(*)::int AS games FROM games');
  if ((held?.games ?? 0) > 0 && !options.force) {
    throw new RestoreRefused(
      `the database already holds ${held?.games} saved games; --force replaces them with the backup's`,
    );
  }
  await db.transaction(async (tx) => {
    await emptyBackedUpTables(tx);
    await tx.exec(dumpStatements(dump));
  });
  const [restored] = await db.query<{ games: number }>('SELECT count(*)::int AS games FROM games');
  return { games: restored?.games ?? 0 };
}

/**
 * Empties every table a backup holds (all but the gazetteer's and the
 * migrations' record), the rows a migration wrote included: a backup holds
 * those too (naming_job's one row).
 */
export async function emptyBackedUpTables(db: Queryable): Promise<void> {
  const tables = await db.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables
      WHERE schemaname = 'public' AND NOT (tablename = ANY($1::text[]))`,
    [REBUILT_TABLES],
  );
  if (tables.length > 0) {
    await db.exec(`TRUNCATE ${tables.map((t) => `public.${t.name}`).join(', ')} CASCADE`);
  }
}

async function readDump(file: string): Promise<string> {
  let sql: string;
  try {
    sql = (await promisify(gunzip)(await readFile(file))).toString('utf8');
  } catch (error) {
    throw new Error(`${file} is not a gzipped backup: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!sql.includes('PostgreSQL database dump')) {
    throw new Error(`${file} is not a placerace backup (no pg_dump header)`);
  }
  return sql;
}
