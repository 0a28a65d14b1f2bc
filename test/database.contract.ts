/**
 * The contract every Database implementation keeps, run on PGlite and on
 * PostgreSQL (test/database-*.test.ts): queries, transactions, COPY,
 * migrations and the gazetteer import, all through the same interface.
 */
import { emptyBackedUpTables } from '../db/backups/restore-backup.js';
import type { Database } from '../db/database.js';
import { dumpStatements } from '../db/data-dump.js';
import { CopyTextBuffer } from '../db/database.js';
import { importGazetteer } from '../db/gazetteer/import-gazetteer.js';
import { loadMigrations, migrate } from '../db/migrate.js';
import type { Progress } from '../db/progress.js';
import { placesNamed } from '../server/places/place-queries.js';
import type { TestDatabase } from './support/databases.js';
import { FIXTURE_ROWS, writeCitiesFixture } from './support/fixture-cities.js';
import { IMPORTED_PLACES } from './support/gazetteer-size.js';

async function count(db: Database, table: string): Promise<number> {
  const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]!.n;
}

function recordingProgress(): Progress & { phases: string[]; finished: string[] } {
  const phases: string[] = [];
  const finished: string[] = [];
  return {
    phases,
    finished,
    phase: (label) => phases.push(label),
    update: () => {},
    finish: (message) => finished.push(message),
  };
}

export function describeDatabaseContract(describeFn: jest.Describe, target: TestDatabase): void {
  describeFn(`Database contract on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      ({ db, dispose } = await target.openEmpty());
    });
    afterAll(() => dispose());

    test('runs parameterised queries and several statements at once', async () => {
      await db.exec(
        'CREATE TABLE t_query (id int PRIMARY KEY, label text); CREATE TABLE t_other (x int);',
      );
      await db.query('INSERT INTO t_query VALUES ($1, $2), ($3, $4)', [1, 'one', 2, 'two']);
      const rows = await db.query<{ id: number; label: string }>(
        'SELECT id, label FROM t_query WHERE id > $1 ORDER BY id',
        [0],
      );
      expect(rows).toEqual([
        { id: 1, label: 'one' },
        { id: 2, label: 'two' },
      ]);
    });

    test('commits a transaction that resolves and rolls back one that throws', async () => {
      await db.exec('CREATE TABLE t_tx (id int PRIMARY KEY)');
      await db.transaction((tx) => tx.query('INSERT INTO t_tx VALUES (1)'));
      await expect(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO t_tx VALUES (2)');
          throw new Error('abandon');
        }),
      ).rejects.toThrow('abandon');
      expect(await db.query('SELECT id FROM t_tx ORDER BY id')).toEqual([{ id: 1 }]);
      // The connection is usable after the rollback.
      expect(await count(db, 't_tx')).toBe(1);
    });

    test('bulk-loads text with tabs, newlines, backslashes and any script', async () => {
      await db.exec('CREATE TABLE t_copy (id int, label text)');
      const buffer = new CopyTextBuffer(16);
      const labels = ['tab\there', 'new\nline', 'back\\slash', 'Кёльн 東京', "l'Aquila"];
      labels.forEach((label, id) => buffer.push([id, label]));
      await db.transaction((tx) => tx.copyFrom('t_copy', ['id', 'label'], buffer.finish()));
      const rows = await db.query<{ label: string }>('SELECT label FROM t_copy ORDER BY id');
      expect(rows.map((r) => r.label)).toEqual(labels);
    });

    test('copies rows out as COPY text, in the order asked, escapes and all', async () => {
      await db.exec('CREATE TABLE t_copy_out (id int, label text)');
      const buffer = new CopyTextBuffer();
      const labels = ['tab\there', 'back\\slash', 'Кёльн 東京', '𝔸 astral'];
      labels.forEach((label, id) => buffer.push([id, label]));
      await db.transaction((tx) => tx.copyFrom('t_copy_out', ['id', 'label'], buffer.finish()));
      const text = await db.copyOut('SELECT id, label FROM t_copy_out ORDER BY id DESC');
      expect(text).toBe('3\t𝔸 astral\n2\tКёльн 東京\n1\tback\\\\slash\n0\ttab\\there\n');
      expect(await db.copyOut('SELECT id FROM t_copy_out WHERE id < 0')).toBe('');
    });

    test('applies migrations in order once, recording each', async () => {
      const migrations = loadMigrations();
      expect(await migrate(db)).toEqual(migrations.map((m) => m.name));
      expect(await migrate(db)).toEqual([]);
      const recorded = await db.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(recorded.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
    });

    test('imports a gazetteer file: places, accepted names without codes, countries', async () => {
      const progress = recordingProgress();
      const result = await importGazetteer(db, {
        citiesPath: writeCitiesFixture(),
        dataVersion: 'fixture-1',
        progress,
      });
      expect(result).toMatchObject({ status: 'imported', places: 4, countries: 1 });
      expect(progress.phases.length).toBeGreaterThan(0);
      expect(progress.finished).toHaveLength(1);
      expect(await count(db, 'places')).toBe(4);
      expect((await placesNamed(db, 'кельн')).map((p) => p.name)).toEqual(['Köln']);
      expect(await placesNamed(db, 'cgn')).toEqual([]);
      expect(await placesNamed(db, '50667')).toEqual([]);
      expect((await placesNamed(db, 'frankfurt')).map((p) => p.id)).toEqual([2, 3]);
      const [berlin] = await placesNamed(db, 'berlin');
      expect(berlin).toMatchObject({ id: 4, country: 'DE', admin1: '16', capital: true });
      const countries = await db.query(
        'SELECT code, name, continent, places, population::float8 AS population FROM countries',
      );
      expect(countries).toEqual([
        {
          code: 'DE',
          name: 'Germany',
          continent: 'europe',
          places: 4,
          population: 963395 + 650000 + 58000 + 3426354,
        },
      ]);
    });

    test('a second import of the same data version changes nothing', async () => {
      const before = await db.query('SELECT * FROM place_names ORDER BY key, place_id');
      const again = await importGazetteer(db, {
        citiesPath: writeCitiesFixture(FIXTURE_ROWS.slice(0, 1)),
        dataVersion: 'fixture-1',
      });
      expect(again.status).toBe('up-to-date');
      expect(await db.query('SELECT * FROM place_names ORDER BY key, place_id')).toEqual(before);
      expect(await count(db, 'places')).toBe(4);
    });

    test('a new data version replaces the data whole', async () => {
      const result = await importGazetteer(db, {
        citiesPath: writeCitiesFixture(FIXTURE_ROWS.slice(0, 2)),
        dataVersion: 'fixture-2',
      });
      expect(result).toMatchObject({ status: 'imported', places: 2 });
      expect(await count(db, 'places')).toBe(2);
      expect((await placesNamed(db, 'frankfurt')).map((p) => p.id)).toEqual([2]);
      expect(await placesNamed(db, 'berlin')).toEqual([]);
      const [marker] = await db.query<{ value: string }>(
        "SELECT value FROM meta WHERE key = 'data_version'",
      );
      expect(marker!.value).toBe('fixture-2');
    });
  });

  describeFn(`A backup's dump on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ db, dispose } = await target.openEmpty());
      await migrate(db);
      await importGazetteer(db, { citiesPath: writeCitiesFixture(), dataVersion: 'fixture-1' });
    });
    afterAll(() => dispose());

    test('holds the saved games, quotes and all, and none of the gazetteer', async () => {
      const settings = { note: "it's a \\ backslash,\ta tab" };
      await db.query(
        `INSERT INTO games VALUES ('g-1', 'ABCD', 'DE', 'race', $1, now(), now(), 4, 5098749, 0.5, '[]')`,
        [JSON.stringify(settings)],
      );
      const dump = await db.dumpData();
      expect(dump).toMatch(/INSERT INTO public\.games \(id, room_code, .*\) VALUES\n\t\('g-1'/);
      expect(dump).toContain("it''s");
      expect(dump).not.toMatch(/INSERT INTO public\.(places|place_names|countries|meta)\b/);
      // The dump runs as it is on the other kind of database: rows only, into
      // tables emptied first, as a restore does (a migration's rows are in it too).
      await emptyBackedUpTables(db);
      await db.exec(dumpStatements(dump));
      const [game] = await db.query<{ settings: unknown }>('SELECT settings FROM games');
      expect(game!.settings).toEqual(settings);
      const [path] = await db.query<{ search_path: string }>('SHOW search_path');
      expect(path!.search_path).toMatch(/public/);
    });
  });

  describeFn(`The imported gazetteer on ${target.name}`, () => {
    let db: Database;
    beforeAll(async () => {
      db = await target.openImported();
    });
    afterAll(() => db.close());

    test('holds every place of the quizzes and every country with places', async () => {
      expect(await count(db, 'places')).toBe(IMPORTED_PLACES);
      expect(await count(db, 'countries')).toBeGreaterThan(240);
      expect(await count(db, 'place_names')).toBeGreaterThan(790_000);
      const [totals] = await db.query<{ places: number }>(
        'SELECT sum(places)::int AS places FROM countries',
      );
      expect(totals!.places).toBe(IMPORTED_PLACES);
    });
  });
}
