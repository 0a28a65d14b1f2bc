import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { openPgliteWorkerDatabase } from '../db/pglite-worker-database.js';
import { describeDatabaseContract } from './database.contract.js';
import { pgliteDatabase, pgliteWorkerDatabase } from './support/databases.js';

describeDatabaseContract(describe, pgliteDatabase);
describeDatabaseContract(describe, pgliteWorkerDatabase);

describe('PGlite in a worker, as the server opens it', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openPgliteWorkerDatabase('memory://');
  });
  afterAll(() => db.close());

  test('a long query leaves the server thread free: a timer set after it started fires first', async () => {
    const order: string[] = [];
    const query = db
      .query('SELECT count(*) FROM generate_series(1, 400000) AS n WHERE n % 7 = 3')
      .then(() => order.push('query'));
    await new Promise((resolve) => setTimeout(resolve, 1)).then(() => order.push('timer'));
    await query;
    expect(order).toEqual(['timer', 'query']);
  });

  test("PostgreSQL's errors arrive with their code and message, and the database goes on", async () => {
    await db.exec('CREATE TABLE once (id int PRIMARY KEY)');
    await db.query('INSERT INTO once VALUES (1)');
    await expect(db.query('INSERT INTO once VALUES (1)')).rejects.toMatchObject({
      code: '23505',
      message: expect.stringContaining('duplicate key') as unknown,
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO once VALUES (2)');
        await tx.query('INSERT INTO once VALUES (1)');
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await db.query('SELECT id FROM once ORDER BY id')).toEqual([{ id: 1 }]);
  });

  test('transactions asked for at once run one after the other, each whole', async () => {
    await db.exec('CREATE TABLE tally (n int)');
    await Promise.all(
      [1, 2, 3, 4].map((n) =>
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO tally VALUES ($1)', [n]);
          await tx.query('INSERT INTO tally VALUES ($1)', [n * 10]);
        }),
      ),
    );
    const rows = await db.query<{ n: number }>('SELECT n FROM tally');
    expect(rows.map((r) => r.n).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 10, 20, 30, 40]);
  });

  test("a backup's dump waits for the game's transaction and leaves the database writable", async () => {
    await migrate(db);
    let letGo = () => {};
    let inserted = false;
    const saving = db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO hourly_stats VALUES ('2026-03-01T10:00Z', 1, 1, 1, 1, 1, NULL, 0, 1, 1, now(), 'n')`,
      );
      inserted = true;
      // The game's transaction is still open when the dump is asked for.
      await new Promise<void>((resolve) => (letGo = resolve));
    });
    while (!inserted) await new Promise((resolve) => setTimeout(resolve, 5));
    const dump = db.dumpData();
    const afterDump = db.query(
      `INSERT INTO hourly_stats VALUES ('2026-03-01T11:00Z', 2, 2, 2, 2, 2, NULL, 0, 2, 2, now(), 'n')`,
    );
    letGo();
    await saving;
    const sql = await dump;
    await afterDump;
    // The committed hour is in the dump; the one asked after it is not, and was written after.
    expect(sql).toContain("'2026-03-01 10:00:00+00'");
    expect(sql).not.toContain("'2026-03-01 11:00:00+00'");
    expect(await db.query('SELECT count(*)::int AS n FROM hourly_stats')).toEqual([{ n: 2 }]);
  });
});
