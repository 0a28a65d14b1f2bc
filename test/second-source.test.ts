/**
 * The second source of cities (SimpleMaps World Cities Basic): the fill on
 * small fixtures, then the cross-check on the real data, which fails on a
 * city of 100,000 people or more that cannot be named and is not excepted.
 */
import type { Database } from '../db/database.js';
import type { CityRecord } from '../db/gazetteer/read-cities.js';
import {
  fillFromSecondSource,
  readSecondSource,
  SECOND_SOURCE_MIN_POPULATION,
  type SecondSource,
  type SecondSourceCity,
} from '../db/gazetteer/second-source.js';
import type { Places } from '../server/places/create-places.js';
import { pgliteDatabase } from './support/databases.js';
import { testPlaces } from './support/places.js';

let nextId = 1;

/** A GeoNames place with what the fill reads; the rest is filler. */
function place(p: Partial<CityRecord> & Pick<CityRecord, 'name' | 'country'>): CityRecord {
  return {
    id: nextId++,
    asciiName: p.name,
    alternateNames: '',
    lat: 0,
    lon: 0,
    featureCode: 'PPL',
    admin1: '01',
    population: 1000,
    ...p,
  };
}

function city(
  p: Partial<SecondSourceCity> & Pick<SecondSourceCity, 'city' | 'country'>,
): SecondSourceCity {
  return {
    id: 1_000_000_000 + nextId++,
    cityAscii: p.city,
    lat: 0,
    lon: 0,
    population: 250_000,
    capital: false,
    ...p,
  };
}

const source = (cities: SecondSourceCity[], exceptions: SecondSource['exceptions'] = []) => ({
  cities,
  exceptions,
});

describe('fillFromSecondSource', () => {
  const tokyo = place({ name: 'Tokyo', country: 'JP', admin1: '40', lat: 35.69, lon: 139.69 });
  const matsudo = place({ name: 'Matsudo', country: 'JP', admin1: '04', lat: 35.78, lon: 139.9 });

  test('a city nobody can name is added, in the division of the nearest place', () => {
    const ichikawa = city({ city: 'Ichikawa', country: 'JP', lat: 35.7219, lon: 139.9311 });
    const fill = fillFromSecondSource([tokyo, matsudo], source([ichikawa]));
    expect(fill.added).toEqual([
      {
        id: ichikawa.id,
        name: 'Ichikawa',
        asciiName: 'Ichikawa',
        alternateNames: '',
        lat: 35.7219,
        lon: 139.9311,
        featureCode: 'PPL',
        country: 'JP',
        admin1: '04',
        population: 250_000,
        source: 'simplemaps',
      },
    ]);
    expect(fill.report).toEqual({
      checked: 1,
      nameable: 0,
      added: 1,
      repopulated: 0,
      excepted: 0,
    });
  });

  test('a capital is added as one; a city under 100,000 people is not added', () => {
    const capital = city({ city: 'Nowhere', country: 'JP', capital: true });
    const small = city({
      city: 'Smallville',
      country: 'JP',
      population: SECOND_SOURCE_MIN_POPULATION - 1,
    });
    const fill = fillFromSecondSource([tokyo], source([capital, small]));
    expect(fill.added.map((record) => [record.name, record.featureCode])).toEqual([
      ['Nowhere', 'PPLC'],
    ]);
    expect(fill.report.checked).toBe(1);
  });

  test.each([
    ['Aizu-Wakamatsu', 'Aizuwakamatsu'],
    ['Aizuwakamatsu', 'Aizu Wakamatsu'],
    ['Sankt Pölten', 'St. Pölten'],
  ])('a place named %s can be named as %s', (name, as) => {
    const here = place({ name, country: 'JP' });
    const fill = fillFromSecondSource([here], source([city({ city: as, country: 'JP' })]));
    expect(fill.added).toEqual([]);
    expect(fill.report.nameable).toBe(1);
  });

  test('alternate names count, whatever their accents or spelled letters', () => {
    const strasbourg = place({ name: 'Strasbourg', country: 'FR', alternateNames: 'Straßburg' });
    const koln = place({
      name: 'Köln',
      asciiName: 'Koeln',
      country: 'DE',
      alternateNames: 'Kölle',
    });
    const fill = fillFromSecondSource(
      [strasbourg, koln],
      source([
        city({ city: 'Strassburg', country: 'FR' }),
        city({ city: 'Kolle', country: 'DE' }),
        city({ city: 'Köln', cityAscii: 'Koln', country: 'DE' }),
      ]),
    );
    expect(fill.added).toEqual([]);
    expect(fill.report.nameable).toBe(3);
  });

  test('a name in another country does not count', () => {
    const fill = fillFromSecondSource(
      [place({ name: 'Ichikawa', country: 'JP' }), place({ name: 'Matsudo', country: 'CN' })],
      source([city({ city: 'Matsudo', country: 'JP' })]),
    );
    expect(fill.added.map((record) => record.name)).toEqual(['Matsudo']);
  });

  test('a place without people gets the population of the city of its name nearby', () => {
    const aizu = place({ name: 'Aizu-Wakamatsu', country: 'JP', population: 0, lat: 37.49 });
    const far = place({ name: 'Ichikawa', country: 'JP', population: 0, lat: 35 });
    const fill = fillFromSecondSource(
      [aizu, far],
      source([
        city({ city: 'Aizuwakamatsu', country: 'JP', population: 117_924, lat: 37.4948 }),
        // 200 km away from the place of its name: another place.
        city({ city: 'Ichikawa', country: 'JP', population: 40_000, lat: 36.8 }),
      ]),
    );
    expect(fill.populations).toEqual(new Map([[aizu.id, 117_924]]));
    expect(fill.report.repopulated).toBe(1);
  });

  test('a place without people keeps 0 when a place of the same name nearby has people', () => {
    const empty = place({ name: 'Twin', country: 'JP', population: 0, lat: 10 });
    const peopled = place({ name: 'Twin', country: 'JP', population: 50_000, lat: 10.05 });
    const fill = fillFromSecondSource(
      [empty, peopled],
      source([city({ city: 'Twin', country: 'JP', population: 60_000, lat: 10.01 })]),
    );
    expect(fill.populations.size).toBe(0);
  });

  test('a seat without people does not take the people GeoNames counts in its city', () => {
    // SimpleMaps names Yichang after its seat, Xiaoxita, and gives it Yichang's people.
    const yichang = place({ name: 'Yichang', country: 'CN', population: 1_350_150, lat: 30.7 });
    const seat = place({ name: 'Xiaoxita', country: 'CN', population: 0, lat: 30.71 });
    const fill = fillFromSecondSource(
      [yichang, seat],
      source([city({ city: 'Xiaoxita', country: 'CN', population: 4_137_900, lat: 30.7083 })]),
    );
    expect(fill.populations.size).toBe(0);
  });

  test('a city without people next to a larger one the second source names gets its people', () => {
    const niteroi = place({ name: 'Niterói', country: 'BR', population: 456_456, lat: -22.88 });
    const saoGoncalo = place({ name: 'São Gonçalo', country: 'BR', population: 0, lat: -22.83 });
    const fill = fillFromSecondSource(
      [niteroi, saoGoncalo],
      source([
        city({ city: 'Niterói', cityAscii: 'Niteroi', country: 'BR', lat: -22.8833 }),
        city({ city: 'São Gonçalo', country: 'BR', population: 1_077_687, lat: -22.8269 }),
      ]),
    );
    expect(fill.populations).toEqual(new Map([[saoGoncalo.id, 1_077_687]]));
  });

  test('an excepted city and one of a country GeoNames lacks are neither added nor gaps', () => {
    const excepted = city({ city: 'Setagaya', country: 'JP' });
    const gaza = city({ city: 'Gaza', country: 'XG' });
    const fill = fillFromSecondSource(
      [tokyo],
      source(
        [excepted, gaza],
        [{ id: excepted.id, city: 'Setagaya', country: 'JP', reason: 'a ward of Tokyo' }],
      ),
    );
    expect(fill.added).toEqual([]);
    expect(fill.report).toMatchObject({ checked: 2, nameable: 0, added: 0, excepted: 2 });
  });

  test('a city the second source lists twice nearby is added once, the larger', () => {
    const twice = [
      city({ city: 'Sach’on', country: 'KR', population: 114_556, lat: 35 }),
      city({ city: 'Sa-ch’on', country: 'KR', population: 113_335, lat: 35.1 }),
    ];
    const fill = fillFromSecondSource([place({ name: 'Seoul', country: 'KR' })], source(twice));
    expect(fill.added.map((record) => [record.name, record.population])).toEqual([
      ['Sach’on', 114_556],
    ]);
  });
});

describe('the real second source', () => {
  const { cities, exceptions } = readSecondSource();

  test('every exception names a city of the second source, with a reason', () => {
    const byId = new Map(cities.map((c) => [c.id, c]));
    for (const exception of exceptions) {
      expect(byId.get(exception.id)).toMatchObject({
        city: exception.city,
        country: exception.country,
      });
      expect(exception.reason.length).toBeGreaterThan(20);
    }
  });

  describe('on the imported gazetteer', () => {
    let db: Database;
    let places: Places;

    beforeAll(async () => {
      db = await pgliteDatabase.openImported();
      places = await testPlaces(db);
    });
    afterAll(() => db.close());

    /** Whether `name` finds a place of `country` in that country's quiz. */
    async function names(country: string, name: string): Promise<boolean> {
      if (!places.gazetteer.scope(country)) return false;
      const found = await places.resolver.resolveGuess(country, name);
      return found.some((p) => p.country === country);
    }

    test('every city of 100,000 people or more can be named in its country, or is excepted', async () => {
      const excepted = new Set(exceptions.map((exception) => exception.id));
      const gaps: SecondSourceCity[] = [];
      const checked = cities.filter(
        (c) => c.population >= SECOND_SOURCE_MIN_POPULATION && !excepted.has(c.id),
      );
      for (const c of checked) {
        if (!(await names(c.country, c.city)) && !(await names(c.country, c.cityAscii))) {
          gaps.push(c);
        }
      }
      gaps.sort((a, b) => b.population - a.population);
      if (gaps.length > 0) {
        console.log(
          `${gaps.length} of ${checked.length} second-source cities of 100,000 people or more ` +
            `cannot be named; the largest:\n` +
            gaps
              .slice(0, 20)
              .map((c) => `  ${c.city} (${c.country}, ${c.population.toLocaleString('en')})`)
              .join('\n'),
        );
      }
      expect(gaps.map((c) => `${c.city} (${c.country})`)).toEqual([]);
    });
  });
});
