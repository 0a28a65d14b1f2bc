/**
 * Guess resolution on the real imported gazetteer (GeoNames cities500), on
 * PGlite and, when DATABASE_URL is set, on PostgreSQL.
 */
import type { Database } from '../db/database.js';
import { normaliseName } from '../db/gazetteer/normalise.js';
import type { Places } from '../server/places/create-places.js';
import { GuessError, MAX_GUESS_LENGTH } from '../server/places/resolve-guess.js';
import { testDatabases } from './support/databases.js';
import { IMPORTED_PLACES } from './support/gazetteer-size.js';
import { testPlaces } from './support/places.js';

describe.each(testDatabases)('resolveGuess on $name', (target) => {
  let db: Database;
  let places: Places;
  const resolve = (scope: string, text: string) => places.resolver.resolveGuess(scope, text);
  const names = async (scope: string, text: string) =>
    (await resolve(scope, text)).map((p) => `${p.name} ${p.country} ${p.admin1}`);

  beforeAll(async () => {
    db = await target.openImported();
    places = await testPlaces(db);
  });
  afterAll(() => db.close());

  test.each(['Köln', 'koln', 'Koeln', 'Cologne', 'Кёльн', 'ケルン', 'KÖLN', ' köln '])(
    'Cologne answers to %s',
    async (text) => {
      const [first] = await resolve('DE', text);
      expect(first).toMatchObject({ id: 2886242, name: 'Köln', country: 'DE' });
    },
  );

  test('a place carries what the map and the score need', async () => {
    const [berlin] = await resolve('DE', 'Berlin');
    expect(berlin).toEqual({
      id: 2950159,
      name: 'Berlin',
      asciiName: 'Berlin',
      country: 'DE',
      admin1: '16',
      population: expect.any(Number),
      lat: expect.closeTo(52.52, 1),
      lon: expect.closeTo(13.4, 1),
      capital: true,
    });
  });

  test('an ambiguous name lists every match, most populous first', async () => {
    const springfields = await names('US', 'Springfield');
    expect(springfields.slice(0, 3)).toEqual([
      'Springfield US MO',
      'Springfield US MA',
      'Springfield US IL',
    ]);
    expect(springfields.length).toBeGreaterThan(20);
    const populations = (await resolve('US', 'Springfield')).map((p) => p.population);
    expect(populations).toEqual([...populations].sort((a, b) => b - a));
  });

  test.each(['Springfield, IL', 'Springfield IL', 'springfield, illinois', 'Springfield Illinois'])(
    'the qualifier in "%s" narrows to Illinois',
    async (text) => {
      expect(await names('US', text)).toEqual(['Springfield US IL']);
    },
  );

  test('a country qualifies a name in the world scope', async () => {
    expect((await names('world', 'Paris, France'))[0]).toBe('Paris FR 11');
    expect(await names('world', 'Paris, TX')).toEqual(['Paris US TX']);
  });

  test('the scope decides which places a name can mean', async () => {
    expect((await names('world', 'Paris'))[0]).toBe('Paris FR 11');
    expect((await names('europe', 'Paris'))[0]).toBe('Paris FR 11');
    expect((await names('north-america', 'Paris'))[0]).toBe('Paris US TX');
    expect(await names('DE', 'Paris')).toEqual([]);
  });

  test('Saint, Sankt and St. are one word', async () => {
    expect((await names('RU', 'St. Petersburg'))[0]).toBe('Saint Petersburg RU 66');
    expect((await names('RU', 'Sankt-Peterburg'))[0]).toBe('Saint Petersburg RU 66');
    expect((await names('CH', 'St. Gallen'))[0]).toBe('Sankt Gallen CH SG');
    expect((await names('CH', 'Saint Gallen'))[0]).toBe('Sankt Gallen CH SG');
  });

  test('a misspelling or an unknown name is a miss', async () => {
    expect(await resolve('DE', 'Berlinn')).toEqual([]);
    expect(await resolve('world', 'Nowhereville Xyzzy')).toEqual([]);
  });

  test.each([
    ['DE', 'CGN'],
    ['DE', 'MUC'],
    ['DE', '50667'],
  ])('the code-like alternate name %s %s does not match', async (scope, text) => {
    expect(await resolve(scope, text)).toEqual([]);
  });

  test.each([
    ['XX', 'Berlin', 'unknown_scope'],
    ['DE', '', 'empty_guess'],
    ['DE', ' ,.-', 'empty_guess'],
    ['DE', 'a'.repeat(1000), 'guess_too_long'],
  ])('scope %s with a bad text is refused with %s', async (scope, text, code) => {
    await expect(resolve(scope, text)).rejects.toMatchObject({ code });
    await expect(resolve(scope, text)).rejects.toBeInstanceOf(GuessError);
  });

  test('a guess of the longest allowed length is looked up', async () => {
    expect(await resolve('DE', 'a'.repeat(MAX_GUESS_LENGTH))).toEqual([]);
  });

  describe('matching players trust', () => {
    test('"Brooklyn" in the US claims places named Brooklyn only, never a stray alternate name', async () => {
      const brooklyns = await resolve('US', 'Brooklyn');
      expect(brooklyns.every((p) => p.name === 'Brooklyn')).toBe(true);
      expect(brooklyns.slice(0, 3).map((p) => p.admin1)).toEqual(['NY', 'MD', 'OH']);
    });

    test('"Peking" claims Beijing and nothing after it; Québec and القاهرة their cities only', async () => {
      expect(await names('world', 'Peking')).toEqual(['Beijing CN 22']);
      expect(await names('world', 'Québec')).toEqual(['Québec CA 10']);
      expect(await names('world', 'القاهرة')).toEqual(['Cairo EG 11']);
    });

    test('"Paris": Paris (FR), Paris (TX), Paris (ON)…, never Parys', async () => {
      const paris = await resolve('world', 'Paris');
      expect(paris.slice(0, 3).map((p) => `${p.country} ${p.admin1}`)).toEqual([
        'FR 11',
        'US TX',
        'CA 08',
      ]);
      // París (Panama) is named Paris too, once accents are set aside.
      expect(paris.every((p) => normaliseName(p.name) === 'paris')).toBe(true);
      expect(paris.map((p) => p.name)).not.toContain('Parys');
    });

    test('a text that leads a name claims it: Frankfurt, then Frankfurt (Oder)', async () => {
      expect(await names('DE', 'Frankfurt')).toEqual([
        'Frankfurt am Main DE 05',
        'Frankfurt (Oder) DE 11',
      ]);
    });

    test('spaces and hyphens are optional', async () => {
      expect(await names('JP', 'Aizuwakamatsu')).toEqual([
        expect.stringMatching(/^Aizu-Wakamatsu /),
      ]);
      expect(await names('US', 'Winstonsalem')).toEqual(['Winston-Salem US NC']);
      expect(await names('DE', 'Frank furt am Main')).toEqual(['Frankfurt am Main DE 05']);
    });

    test('sections of towns are not places: Kreuzberg, Lyon 03, Marseille 13', async () => {
      expect(await resolve('DE', 'Kreuzberg')).toEqual([]);
      expect(await resolve('FR', 'Lyon 03')).toEqual([]);
      expect(await resolve('FR', 'Marseille 13')).toEqual([]);
      const left = await db.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM places WHERE feature_code IN ('PPLX', 'PPLH', 'PPLQ', 'PPLW')`,
      );
      expect(left[0]!.count).toBe(0);
    });

    test('no big city missing: Ichikawa, Cariacica; Aizu-Wakamatsu has its people', async () => {
      const [ichikawa] = await resolve('JP', 'Ichikawa');
      expect(ichikawa?.population).toBeGreaterThan(400_000);
      expect(await names('BR', 'Cariacica')).toEqual([expect.stringMatching(/^Cariacica BR/)]);
      const [aizu] = await resolve('JP', 'Aizu-Wakamatsu');
      expect(aizu?.population).toBeGreaterThan(100_000);
    });

    test("a quiz's totals are its claimable places: naming each one reaches 100 %", async () => {
      const scope = places.gazetteer.scope('LI')!;
      const all = await db.query<{ id: number; name: string; population: number }>(
        'SELECT id, name, population FROM places WHERE country = $1',
        ['LI'],
      );
      expect(all).toHaveLength(scope.places);
      expect(all.reduce((sum, p) => sum + p.population, 0)).toBe(scope.population);
      for (const place of all) {
        expect((await resolve('LI', place.name)).map((p) => p.id)).toContain(place.id);
      }
    });
  });

  test('the scopes: the world, continents and countries with their totals', () => {
    const { scopes } = places.gazetteer;
    expect(scopes[0]).toMatchObject({ id: 'world', kind: 'world', places: IMPORTED_PLACES });
    const continents = scopes.filter((s) => s.kind === 'continent');
    expect(continents.map((s) => s.id).sort()).toEqual([
      'africa',
      'antarctica',
      'asia',
      'europe',
      'north-america',
      'oceania',
      'south-america',
    ]);
    const sum = (kind: string) =>
      scopes.filter((s) => s.kind === kind).reduce((t, s) => t + s.places, 0);
    expect(sum('continent')).toBe(IMPORTED_PLACES);
    expect(sum('country')).toBe(IMPORTED_PLACES);
    expect(places.gazetteer.scope('DE')).toMatchObject({ name: 'Germany', kind: 'country' });
  });
});
