import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStdin, to as copyToStdout } from 'pg-copy-streams';
import type { Database, Queryable } from './database.js';
import { pgDump } from './pg-dump.js';

/** Runs `work` on a client of the pool, or on the transaction's own client. */
async function withClient<T>(
  target: pg.Pool | pg.PoolClient,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  if (!(target instanceof pg.Pool)) return work(target);
  const client = await target.connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}

function queryable(target: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row extends object>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<Row & pg.QueryResultRow>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      // Without parameters pg uses the simple protocol, which accepts several statements.
      await target.query(sql);
    },
    async copyFrom(table: string, columns: readonly string[], chunks: readonly string[]) {
      await withClient(target, async (client) => {
        const sink = client.query(
          copyFromStdin(`COPY ${table} (${columns.join(', ')}) FROM STDIN`),
        );
        await pipeline(Readable.from(chunks), sink);
      });
    },
    async copyOut(select: string) {
      return withClient(target, async (client) => {
        const parts: Buffer[] = [];
        for await (const part of client.query(copyToStdout(`COPY (${select}) TO STDOUT`))) {
          parts.push(part as Buffer);
        }
        return Buffer.concat(parts).toString('utf8');
      });
    },
  };
}

/** Connects a pool to the PostgreSQL server at `connectionString`. */
export async function openPostgresDatabase(connectionString: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle client that loses its connection emits on the pool; without a
  // listener that would crash the process. The next query reconnects.
  pool.on('error', () => {});
  await pool.query('SELECT 1');
  return {
    kind: 'postgres',
    ...queryable(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    dumpData: () => pgDump(connectionString),
    close: () => pool.end(),
  };
}
