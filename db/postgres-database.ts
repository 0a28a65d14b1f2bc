import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import type { Database, Queryable } from './database.js';

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
      const run = async (client: pg.PoolClient) => {
        const sink = client.query(
          copyFromStdin(`COPY ${table} (${columns.join(', ')}) FROM STDIN`),
        );
        await pipeline(Readable.from(chunks), sink);
      };
      if (target instanceof pg.Pool) {
        const client = await target.connect();
        try {
          await run(client);
        } finally {
          client.release();
        }
      } else {
        await run(target);
      }
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
    close: () => pool.end(),
  };
}
