/**
 * The daily visitor counts: tallied in memory, added to the database by
 * several nodes into the same rows, read back as the operator's report and
 * CSV. The store on PGlite and PostgreSQL alike.
 */
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { createLogger } from '../server/log.js';
import { DailyCountStore, VISITS_CSV_HEADER } from '../server/visits/daily-count-store.js';
import { DailyTally, dayOf, MAX_KEYS_PER_KIND } from '../server/visits/daily-tally.js';
import { VisitCounter } from '../server/visits/visit-counter.js';
import { pgliteDatabase, postgresDatabase, type TestDatabase } from './support/databases.js';
import { describeWith } from './support/services.js';

const log = createLogger('silent');
/** Noon of a day far from the real time. */
const DAY = Date.UTC(2001, 1, 3, 12);
const DAY_MS = 24 * 3600 * 1000;

describe('DailyTally', () => {
  test('adds up per day, kind and key; take() empties it', () => {
    const tally = new DailyTally();
    tally.add('2001-02-03', 'page', '/');
    tally.add('2001-02-03', 'page', '/');
    tally.add('2001-02-04', 'page', '/');
    tally.add('2001-02-03', 'browser', 'Firefox', 3);
    expect(tally.take()).toEqual([
      { day: '2001-02-03', kind: 'page', key: '/', count: 2 },
      { day: '2001-02-04', kind: 'page', key: '/', count: 1 },
      { day: '2001-02-03', kind: 'browser', key: 'Firefox', count: 3 },
    ]);
    expect(tally.take()).toEqual([]);
  });

  test('past MAX_KEYS_PER_KIND distinct keys of a kind, a day, the rest count as (other)', () => {
    const tally = new DailyTally();
    for (let i = 0; i <= MAX_KEYS_PER_KIND + 10; i++)
      tally.add('2001-02-03', 'referrer', `s${i}.example`);
    tally.add('2001-02-03', 'page', '/about');
    const rows = tally.take();
    expect(rows.filter((r) => r.kind === 'referrer')).toHaveLength(MAX_KEYS_PER_KIND + 1);
    expect(rows.find((r) => r.key === '(other)')?.count).toBe(11);
    expect(rows.find((r) => r.key === '/about')?.count).toBe(1);
  });

  test('dayOf is the UTC day', () => {
    expect(dayOf(Date.UTC(2001, 1, 3, 23, 59, 59, 999))).toBe('2001-02-03');
    expect(dayOf(Date.UTC(2001, 1, 4))).toBe('2001-02-04');
  });
});

function describeStoreOn(describeFn: jest.Describe, target: TestDatabase | undefined): void {
  describeFn(`the daily counts on ${target?.name ?? 'PostgreSQL'}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let now: number;
    const node = () => {
      const counter = new VisitCounter({ log, clock: () => now });
      counter.attach(new DailyCountStore(db));
      return counter;
    };

    beforeAll(async () => {
      ({ db, dispose } = await target!.openEmpty());
      await migrate(db);
    });
    afterAll(() => dispose());
    beforeEach(async () => {
      await db.exec('DELETE FROM daily_counts');
      now = DAY;
    });

    test('two nodes add to the same rows; each flush adds only what came since the last', async () => {
      const [a, b] = [node(), node()];
      for (let i = 0; i < 3; i++) a.count('page', '/');
      b.count('page', '/');
      b.count('page', '/about');
      a.count('game_started', 'DE');
      await Promise.all([a.flush(), b.flush()]);
      a.count('page', '/');
      await a.flush();
      await a.flush();
      const rows = await db.query<{ kind: string; key: string; count: number }>(
        'SELECT kind, key, count FROM daily_counts ORDER BY kind, key',
      );
      expect(rows).toEqual([
        { kind: 'game_started', key: 'DE', count: 1 },
        { kind: 'page', key: '/', count: 5 },
        { kind: 'page', key: '/about', count: 1 },
      ]);
      await Promise.all([a.stop(), b.stop()]);
    });

    test('the report: views every day of the period, the totals largest first, games per quiz', async () => {
      const counter = node();
      const count = (
        days: number,
        kind: Parameters<VisitCounter['count']>[0],
        key: string,
        n = 1,
      ) => {
        now = DAY - days * DAY_MS;
        for (let i = 0; i < n; i++) counter.count(kind, key);
      };
      count(0, 'page', '/', 4);
      count(0, 'page', '/about');
      count(2, 'page', '/g/:id', 2);
      count(40, 'page', '/about', 9); // before the period
      count(0, 'referrer', 'news.example', 2);
      count(1, 'referrer', '(direct)', 3);
      count(0, 'browser', 'Firefox');
      count(0, 'screen', 'phone');
      count(0, 'game_started', 'DE', 2);
      count(0, 'game_finished', 'DE');
      count(0, 'game_started', 'world');
      count(0, 'game_finished', 'FR'); // started the day before the period
      now = DAY;
      const report = await counter.report(3);
      expect(report).toEqual({
        from: '2001-02-01',
        to: '2001-02-03',
        viewsPerDay: [
          { day: '2001-02-01', views: 2 },
          { day: '2001-02-02', views: 0 },
          { day: '2001-02-03', views: 5 },
        ],
        gamesPerDay: [
          { day: '2001-02-01', started: 0, finished: 0 },
          { day: '2001-02-02', started: 0, finished: 0 },
          { day: '2001-02-03', started: 3, finished: 2 },
        ],
        pages: [
          { key: '/', count: 4 },
          { key: '/g/:id', count: 2 },
          { key: '/about', count: 1 },
        ],
        referrers: [
          { key: '(direct)', count: 3 },
          { key: 'news.example', count: 2 },
        ],
        browsers: [{ key: 'Firefox', count: 1 }],
        screens: [{ key: 'phone', count: 1 }],
        games: [
          { scope: 'DE', started: 2, finished: 1 },
          { scope: 'world', started: 1, finished: 0 },
          { scope: 'FR', started: 0, finished: 1 },
        ],
      });
      expect((await counter.report(1)).viewsPerDay).toEqual([{ day: '2001-02-03', views: 5 }]);
      await counter.stop();
    });

    test('the CSV: a row per day, kind and key, every day there is', async () => {
      const counter = node();
      counter.count('page', '/');
      counter.count('referrer', 'a,b.example');
      now = DAY - DAY_MS;
      counter.count('screen', 'desktop');
      expect(await counter.csv()).toBe(
        `${VISITS_CSV_HEADER}\n` +
          '2001-02-02,screen,desktop,1\n' +
          '2001-02-03,page,/,1\n' +
          '2001-02-03,referrer,"a,b.example",1\n',
      );
      await counter.stop();
    });

    test('a flush that fails keeps its counts for the next; stop() stores what is left', async () => {
      const counter = new VisitCounter({ log, clock: () => now });
      const real = new DailyCountStore(db);
      let failing = true;
      counter.attach({
        add: (rows) => (failing ? Promise.reject(new Error('database away')) : real.add(rows)),
      } as DailyCountStore);
      counter.count('page', '/');
      await expect(counter.flush()).rejects.toThrow('database away');
      counter.count('page', '/');
      failing = false;
      await counter.stop();
      expect(await db.query('SELECT key, count FROM daily_counts')).toEqual([
        { key: '/', count: 2 },
      ]);
    });

    test('the table refuses what is no count: an unknown kind, an empty or long key, a count of 0', async () => {
      const store = new DailyCountStore(db);
      const row = { day: '2001-02-03', kind: 'page' as const, key: '/', count: 1 };
      for (const bad of [
        { ...row, kind: 'ip' as 'page' },
        { ...row, key: '' },
        { ...row, key: 'x'.repeat(101) },
        { ...row, count: 0 },
      ]) {
        await expect(store.add([bad])).rejects.toThrow();
      }
      expect(await db.query('SELECT * FROM daily_counts')).toEqual([]);
    });
  });
}

describeStoreOn(describe, pgliteDatabase);
describeStoreOn(describeWith('DATABASE_URL'), postgresDatabase);
