/**
 * Quizzes of first-level regions (issue 19) on the real imported gazetteer,
 * PGlite and PostgreSQL: their ids and names, totals equal to a direct count,
 * guesses matched inside the region only, the places nobody named, the maps
 * (a US state's true outline, another region's country zoomed to its
 * places) over HTTP, and the places CLI. Also the totals' two ways in: the
 * import fills them, and migration 006 counts them for a database imported
 * before it existed.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { geoBounds, geoContains } from 'd3-geo';
import express from 'express';
import { feature } from 'topojson-client';
import type { GeometryCollection } from 'topojson-specification';
import type { Database } from '../db/database.js';
import { importGazetteer } from '../db/gazetteer/import-gazetteer.js';
import { loadMigrations, migrate } from '../db/migrate.js';
import type { GameEnded } from '../protocol/types.js';
import { GameEnding } from '../server/game/game-ending.js';
import type { RoomBroadcaster } from '../server/game/ports.js';
import { databaseArchive } from '../server/games/database-archive.js';
import { createLogger } from '../server/log.js';
import { createMapRouter } from '../server/maps/map-router.js';
import { gazetteerCatalog, ScopeMaps } from '../server/maps/scope-maps.js';
import type { ScopeShapes } from '../server/maps/scope-shapes.js';
import type { ShapeProperties } from '../server/maps/topology-builder.js';
import { createPlaces, type Places } from '../server/places/create-places.js';
import { REGION_MIN_PLACES } from '../server/places/gazetteer.js';
import { REGION_ID } from '../server/places/region-codes.js';
import { testDatabases } from './support/databases.js';
import { writeCitiesFixture } from './support/fixture-cities.js';
import { runScript } from './support/processes.js';
import { testDataDir } from './support/services.js';

const SPRINGFIELD_ILLINOIS = 4250542;
const SPRINGFIELD_MISSOURI = 4409896;
const LOS_ANGELES = 5368361;

describe.each(testDatabases)('region scopes on $name', (database) => {
  let db: Database;
  let places: Places;

  beforeAll(async () => {
    db = await database.openImported();
    places = await createPlaces({ db });
  });
  afterAll(() => db.close());

  const direct = async (country: string, admin1: string) => {
    const [row] = await db.query<{ places: number; population: number }>(
      `SELECT count(*)::int AS places, coalesce(sum(population), 0)::float8 AS population
       FROM places WHERE country = $1 AND admin1 = $2`,
      [country, admin1],
    );
    return row!;
  };

  test.each([
    ['US-CA', 'California', 'US', 'CA'],
    ['DE-BY', 'Bavaria', 'DE', '02'],
    ['FR-ARA', 'Auvergne-Rhône-Alpes', 'FR', '84'],
    ['US-IL', 'Illinois', 'US', 'IL'],
  ])('%s is %s, with the totals of its places', async (id, name, country, admin1) => {
    const scope = places.gazetteer.scope(id);
    expect(scope).toMatchObject({ id, name, kind: 'region', country, admin1 });
    const counted = await direct(country, admin1);
    expect(counted.places).toBeGreaterThanOrEqual(REGION_MIN_PLACES);
    expect({ places: scope!.places, population: scope!.population }).toEqual(counted);
  });

  test('every named division with at least 50 places is a region, under a well-formed id of its own', async () => {
    const divisions = await db.query<{ country: string; admin1: string }>(
      `SELECT p.country, p.admin1 FROM places p
       JOIN admin1_divisions d ON d.country = p.country AND d.code = p.admin1
       GROUP BY p.country, p.admin1 HAVING count(*) >= $1`,
      [REGION_MIN_PLACES],
    );
    const regions = places.gazetteer.scopes.filter((scope) => scope.kind === 'region');
    expect(regions.length).toBe(divisions.length);
    expect(regions.length).toBeGreaterThan(500);
    expect(new Set(regions.map((r) => r.id)).size).toBe(regions.length);
    for (const region of regions) {
      expect(region.id).toMatch(REGION_ID);
      expect(region.id.startsWith(`${region.country}-`)).toBe(true);
      expect(places.gazetteer.scope(region.country!)?.kind).toBe('country');
    }
    // The countries' own quizzes and their totals are as they were.
    const germany = places.gazetteer.scope('DE')!;
    const [row] = await db.query<{ places: number }>(
      `SELECT count(*)::int AS places FROM places WHERE country = 'DE'`,
    );
    expect(germany).toMatchObject({ kind: 'country', places: row!.places });
  });

  test('"Springfield" in Illinois is Springfield, Illinois; in the US the biggest Springfield', async () => {
    const ids = async (scope: string, text: string) =>
      (await places.resolver.resolveGuess(scope, text)).map((place) => place.id);
    expect(await ids('US-IL', 'Springfield')).toEqual([SPRINGFIELD_ILLINOIS]);
    expect((await ids('US', 'Springfield'))[0]).toBe(SPRINGFIELD_MISSOURI);
    // A qualifier inside the region still singles the place out.
    expect(await ids('US-IL', 'Springfield, IL')).toEqual([SPRINGFIELD_ILLINOIS]);
    expect(await ids('US-IL', 'Springfield, Illinois')).toEqual([SPRINGFIELD_ILLINOIS]);
    // A place outside the region is a miss, qualified or not.
    expect(await ids('US-IL', 'Springfield, MO')).toEqual([]);
    expect(await ids('US-IL', 'Los Angeles')).toEqual([]);
    expect(await ids('US-CA', 'Los Angeles')).toEqual([LOS_ANGELES]);
    expect(await ids('DE-BY', 'Berlin')).toEqual([]);
    expect((await ids('DE-BY', 'München')).length).toBe(1);
  });

  test('a finished region quiz lists the biggest places nobody named in that region only', async () => {
    const ended: GameEnded[] = [];
    const ending = new GameEnding({
      archive: { ...databaseArchive(db, places.index.names), save: async () => {} },
      gazetteer: places.gazetteer,
      broadcaster: {
        found: () => {},
        state: () => {},
        ended: (_code, message) => void ended.push(message),
      } satisfies RoomBroadcaster,
      impossible: { report: () => {} },
      log: createLogger('silent'),
    });
    const california = places.gazetteer.scope('US-CA')!;
    ending.begin('ROOM1', {
      results: {
        gameId: 'region-game-1',
        code: 'ROOM1',
        settings: { scope: 'US-CA', mode: 'race', durationSec: 60, maxPlayers: 8, public: false },
        startedAt: 0,
        endedAt: 60_000,
        ranking: [],
        populationShare: 0,
        totals: { places: california.places, population: california.population },
      },
      named: [LOS_ANGELES],
    } as unknown as Parameters<GameEnding['begin']>[1]);
    await ending.settled();
    const missed = ended[0]!.missed;
    expect(missed.length).toBe(50);
    expect(missed.every((place) => place.country === 'US' && place.admin1 === 'CA')).toBe(true);
    expect(missed.map((place) => place.id)).not.toContain(LOS_ANGELES);
    // Largest first: San Diego, the biggest Californian place after Los Angeles.
    expect(missed[0]!.name).toBe('San Diego');
  });

  describe('maps over HTTP', () => {
    let server: Server;
    let base: string;

    beforeAll(async () => {
      const app = express();
      const catalog = gazetteerCatalog(
        () => places.gazetteer,
        () => places.index.names,
      );
      app.use(createMapRouter(catalog, new ScopeMaps(catalog)));
      server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    const mapOf = async (scope: string) => {
      const response = await fetch(`${base}/api/maps/${scope}`);
      expect(response.status).toBe(200);
      const shapes = (await response.json()) as ScopeShapes;
      const collection = shapes.topology.objects.countries as GeometryCollection<ShapeProperties>;
      return { shapes, features: feature(shapes.topology, collection).features };
    };

    test('GET /api/maps/US-CA is the outline of California among its neighbours', async () => {
      const { shapes, features } = await mapOf('US-CA');
      expect(shapes).toMatchObject({ scope: 'US-CA', kind: 'region', missing: [] });
      const own = features.filter((f) => f.properties.inScope);
      expect(own.map((f) => f.properties)).toEqual([
        { code: 'US-CA', name: 'California', inScope: true },
      ]);
      // us-atlas' California: from the Oregon line to Mexico, the coast to the Colorado River.
      const [[west, south], [east, north]] = geoBounds(own[0]!);
      expect(west).toBeCloseTo(-124.4, 0);
      expect(east).toBeCloseTo(-114.1, 0);
      expect(south).toBeCloseTo(32.5, 0);
      expect(north).toBeCloseTo(42.0, 0);
      const context = features.filter((f) => !f.properties.inScope).map((f) => f.properties.name);
      expect(context).toEqual(expect.arrayContaining(['Nevada', 'Oregon', 'Arizona', 'Mexico']));
      // The states stand for the United States: no outline of the whole country over them.
      expect(features.some((f) => f.properties.code === 'US')).toBe(false);
      expect(geoContains(own[0]!, [-118.24, 34.05])).toBe(true); // Los Angeles
      expect(geoContains(own[0]!, [-115.14, 36.17])).toBe(false); // Las Vegas
    });

    test('GET /api/maps/DE-BY is Germany zoomed to Bavaria, Bavaria shaded by its places', async () => {
      const { shapes, features } = await mapOf('DE-BY');
      expect(shapes).toMatchObject({ scope: 'DE-BY', kind: 'region', missing: [] });
      const own = features.filter((f) => f.properties.inScope);
      expect(own.map((f) => f.properties)).toEqual([
        { code: 'DE-BY', name: 'Bavaria', inScope: true, approximate: true },
      ]);
      const context = features.filter((f) => !f.properties.inScope).map((f) => f.properties.code);
      expect(context).toEqual(expect.arrayContaining(['DE', 'AT', 'CZ']));
      // The box is Bavaria's, not Germany's.
      const [west, south, east, north] = shapes.bbox!;
      expect(west).toBeGreaterThan(8.5);
      expect(east).toBeLessThan(14);
      expect(south).toBeGreaterThan(47);
      expect(north).toBeLessThan(50.7);
      const bavarian = places.index.names.coordinatesIn('DE', '02');
      const inside = bavarian.filter((point) => geoContains(own[0]!, point)).length;
      expect(inside / bavarian.length).toBeGreaterThan(0.99);
      expect(geoContains(own[0]!, [13.4, 52.52])).toBe(false); // Berlin
    });

    test('an unknown region is not found', async () => {
      expect((await fetch(`${base}/api/maps/US-XX`)).status).toBe(404);
    });
  });
});

describe('the places CLI', () => {
  const env = { DATA_DIR: testDataDir, DATABASE_URL: '', REDIS_URL: '' };

  test('scopes lists the regions with their countries', async () => {
    const { code, stdout } = await runScript('server/places/cli.ts', ['scopes'], { env });
    expect(code).toBe(0);
    const scopes = JSON.parse(stdout) as { id: string; kind: string; name: string }[];
    expect(scopes.find((s) => s.id === 'US-CA')).toMatchObject({
      name: 'California',
      kind: 'region',
      country: 'US',
    });
    expect(scopes.find((s) => s.id === 'DE-BY')).toMatchObject({ name: 'Bavaria', country: 'DE' });
    expect(scopes.filter((s) => s.kind === 'region').length).toBeGreaterThan(500);
  });

  test('resolve in a region', async () => {
    const { code, stdout } = await runScript(
      'server/places/cli.ts',
      ['resolve', 'US-IL', 'Springfield'],
      { env },
    );
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { id: number }[]).map((p) => p.id)).toEqual([
      SPRINGFIELD_ILLINOIS,
    ]);
  });
});

describe.each(testDatabases)('region totals on an empty $name', (database) => {
  let db: Database;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ db, dispose } = await database.openEmpty());
  });
  afterEach(() => dispose());

  const divisions = () =>
    db.query<{ country: string; code: string; places: number; population: number }>(
      `SELECT country, code, places, population::float8 AS population
       FROM admin1_divisions ORDER BY code`,
    );

  test('the import fills each division’s totals', async () => {
    await migrate(db);
    await importGazetteer(db, { citiesPath: writeCitiesFixture(), dataVersion: 'fixture-1' });
    expect(await divisions()).toEqual([
      { country: 'DE', code: '05', places: 1, population: 650000 },
      { country: 'DE', code: '07', places: 1, population: 963395 },
      { country: 'DE', code: '11', places: 1, population: 58000 },
      { country: 'DE', code: '16', places: 1, population: 3426354 },
    ]);
  });

  test('migration 006 counts them for a gazetteer imported before it', async () => {
    const migrations = loadMigrations();
    await migrate(
      db,
      migrations.filter((m) => m.version < 6),
    );
    await db.exec(`
      INSERT INTO admin1_divisions (country, code, name) VALUES ('DE', '02', 'Bavaria'), ('DE', '16', 'Berlin');
      INSERT INTO places (id, name, ascii_name, country, admin1, population, lat, lon, feature_code, is_capital, is_admin1_seat)
      VALUES (1, 'München', 'Muenchen', 'DE', '02', 1500000, 48.1, 11.6, 'PPLA', false, true),
             (2, 'Augsburg', 'Augsburg', 'DE', '02', 300000, 48.4, 10.9, 'PPL', false, false),
             (3, 'Berlin', 'Berlin', 'DE', '16', 3400000, 52.5, 13.4, 'PPLC', true, true);
    `);
    await migrate(db, migrations);
    expect(await divisions()).toEqual([
      { country: 'DE', code: '02', places: 2, population: 1800000 },
      { country: 'DE', code: '16', places: 1, population: 3400000 },
    ]);
  });
});
