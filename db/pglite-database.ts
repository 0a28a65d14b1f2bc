import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { DUMP_ARGS } from './data-dump.js';
import type { Database, Queryable } from './database.js';

function queryable(target: PGlite | Transaction): Queryable {
  return {
    async query<Row extends object>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<Row>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
    async copyFrom(table: string, columns: readonly string[], chunks: readonly string[]) {
      // PGlite cannot stream COPY FROM STDIN (it spins); it reads a Blob
      // handed over as the virtual file /dev/blob instead.
      await target.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], {
        blob: new Blob(chunks as string[]),
      });
    },
    async copyOut(select: string) {
      // Written to the virtual file /dev/blob and handed back as a Blob.
      const result = await target.query(`COPY (${select}) TO '/dev/blob'`);
      return result.blob ? result.blob.text() : '';
    },
  };
}

const SHARED_BUFFERS = process.env.PGLITE_SHARED_BUFFERS ?? '16MB';

/**
 * Opens (creating if needed) a file-backed PGlite database in `dataDir`, or
 * an in-memory one when `dataDir` is `memory://`.
 */
export async function openPgliteDatabase(dataDir: string): Promise<Database> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  // PostgreSQL's default 128 MB of shared buffers would all live in this
  // process's WebAssembly memory; the operating system's page cache serves
  // the gazetteer's pages nearly as well at a fraction of the RSS.
  const pg = await PGlite.create({ dataDir, postgresqlconf: `shared_buffers=${SHARED_BUFFERS}` });
  return {
    kind: 'pglite',
    ...queryable(pg),
    transaction: (work) => pg.transaction((tx) => work(queryable(tx))),
    async dumpData() {
      // Loaded only for a backup: pg_dump's WebAssembly is some 10 MB.
      const { pgDump } = await import('@electric-sql/pglite-tools/pg_dump');
      const file = await pgDump({ pg, args: [...DUMP_ARGS] });
      // pg_dump shares the one session and leaves it as a dump's connection
      // would be before closing: in its read-only transaction, with its own
      // settings (an empty search_path once that transaction is gone).
      await pg.exec('ROLLBACK; RESET ALL');
      return file.text();
    },
    close: () => pg.close(),
  };
}
