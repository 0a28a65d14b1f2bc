import type { Queryable } from '../../db/database.js';
import { CONTINENTS } from '../../db/gazetteer/countries.js';
import { storedDataVersion } from '../../db/gazetteer/data-version.js';
import { normaliseName } from '../../db/gazetteer/normalise.js';
import type { Place } from './place.js';
import { regionIds } from './region-codes.js';

export type ScopeKind = 'world' | 'continent' | 'country' | 'region';

/**
 * What a quiz covers: a first-level region (`US-CA`, `DE-BY`), a country
 * (`DE`), a continent (`europe`) or the `world`.
 */
export interface Scope {
  id: string;
  name: string;
  kind: ScopeKind;
  /** How many places of the gazetteer lie in it. */
  places: number;
  /** Their total population. */
  population: number;
  /** A region's country (ISO 3166-1 alpha-2); absent for other kinds. */
  country?: string;
  /** A region's GeoNames first-level division code (`CA`, `02`); absent for other kinds. */
  admin1?: string;
}

export const WORLD_SCOPE_ID = 'world';

/** A first-level division with fewer places than this is no quiz of its own: too few to race for. */
export const REGION_MIN_PLACES = 50;

interface CountryRow {
  code: string;
  name: string;
  continent: string;
  places: number;
  population: number;
}

export interface DivisionRow {
  country: string;
  code: string;
  name: string;
  /** Its places and their population, as the import (or migration 006) counted them. */
  places: number;
  population: number;
}

/**
 * The small, fixed part of the gazetteer every node keeps in memory: the
 * scopes with their totals, which continent each country is in, and the words
 * that may qualify a name ("Springfield, IL", "Paris, France").
 */
export class Gazetteer {
  readonly scopes: readonly Scope[];
  private readonly scopesById: ReadonlyMap<string, Scope>;
  private readonly continentOf: ReadonlyMap<string, string>;
  private readonly qualifiers = new Map<string, ReadonlySet<string>>();

  constructor(
    readonly dataVersion: string,
    countries: readonly CountryRow[],
    private readonly countryNames: ReadonlyMap<string, string>,
    private readonly divisionNames: ReadonlyMap<string, string>,
    divisions: readonly DivisionRow[] = [],
  ) {
    const byName = (a: Scope, b: Scope) => a.name.localeCompare(b.name, 'en');
    const countryScopes: Scope[] = countries.map((c) => ({
      id: c.code,
      name: c.name,
      kind: 'country',
      places: c.places,
      population: c.population,
    }));
    const continentScopes: Scope[] = CONTINENTS.map((continent) => {
      const members = countries.filter((c) => c.continent === continent.id);
      return {
        id: continent.id,
        name: continent.name,
        kind: 'continent' as const,
        places: sum(members.map((c) => c.places)),
        population: sum(members.map((c) => c.population)),
      };
    }).filter((scope) => scope.places > 0);
    const world: Scope = {
      id: WORLD_SCOPE_ID,
      name: 'World',
      kind: 'world',
      places: sum(countries.map((c) => c.places)),
      population: sum(countries.map((c) => c.population)),
    };
    this.scopes = [
      world,
      ...continentScopes.sort(byName),
      ...countryScopes.sort(byName),
      ...regionScopes(divisions, new Set(countries.map((c) => c.code))).sort(byName),
    ];
    this.scopesById = new Map(this.scopes.map((scope) => [scope.id, scope]));
    this.continentOf = new Map(countries.map((c) => [c.code, c.continent]));
  }

  scope(id: string): Scope | undefined {
    return this.scopesById.get(id);
  }

  /** The country codes a scope covers; undefined for the world (every country). */
  countriesIn(scope: Scope): string[] | undefined {
    switch (scope.kind) {
      case 'world':
        return undefined;
      case 'continent':
        return [...this.continentOf].filter(([, c]) => c === scope.id).map(([code]) => code);
      case 'country':
        return [scope.id];
      case 'region':
        return [scope.country!];
    }
  }

  /**
   * The names of the first-level divisions of a scope's countries, keyed
   * `country.admin1` ("FR.84" → "Auvergne-Rhône-Alpes"): what players read
   * beside a place's name instead of GeoNames' codes.
   */
  divisionsIn(scope: Scope): Record<string, string> {
    const countries = this.countriesIn(scope);
    const wanted = countries && new Set(countries);
    const names: Record<string, string> = {};
    for (const [division, name] of this.divisionNames) {
      if (!wanted || wanted.has(division.slice(0, division.indexOf('.')))) names[division] = name;
    }
    return names;
  }

  /** Whether a place lies in a scope. */
  contains(scope: Scope, place: Place): boolean {
    switch (scope.kind) {
      case 'world':
        return true;
      case 'continent':
        return this.continentOf.get(place.country) === scope.id;
      case 'country':
        return place.country === scope.id;
      case 'region':
        return place.country === scope.country && place.admin1 === scope.admin1;
    }
  }

  /**
   * The normalised words that single out a place's division or country: the
   * division's code and name (where known), the country's code and name.
   */
  qualifiersOf(place: Place): ReadonlySet<string> {
    const division = `${place.country}.${place.admin1}`;
    let words = this.qualifiers.get(division);
    if (!words) {
      const names = [
        place.admin1,
        this.divisionNames.get(division) ?? '',
        place.country,
        this.countryNames.get(place.country) ?? '',
      ];
      words = new Set(names.map(normaliseName).filter((word) => word !== ''));
      this.qualifiers.set(division, words);
    }
    return words;
  }
}

/**
 * A scope for every division of a known country with at least
 * REGION_MIN_PLACES places, named as GeoNames names it ("California",
 * "Bavaria"), with an ISO 3166-2 id where one is known.
 */
function regionScopes(divisions: readonly DivisionRow[], countries: ReadonlySet<string>): Scope[] {
  const big = divisions.filter((d) => d.places >= REGION_MIN_PLACES && countries.has(d.country));
  const ids = regionIds(big.map((d) => ({ country: d.country, admin1: d.code })));
  return big.flatMap((d) => {
    const id = ids.get(`${d.country}.${d.code}`);
    if (id === undefined) return [];
    return [
      {
        id,
        name: d.name,
        kind: 'region' as const,
        places: d.places,
        population: d.population,
        country: d.country,
        admin1: d.code,
      },
    ];
  });
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Reads the gazetteer's metadata; the database must be migrated and imported. */
export async function loadGazetteer(db: Queryable): Promise<Gazetteer> {
  const dataVersion = await storedDataVersion(db);
  if (dataVersion === undefined) throw new Error('the gazetteer has not been imported');
  const countries = await db.query<CountryRow>(
    'SELECT code, name, continent, places, population::float8 AS population FROM countries',
  );
  const divisions = await db.query<DivisionRow>(
    'SELECT country, code, name, places, population::float8 AS population FROM admin1_divisions',
  );
  return new Gazetteer(
    dataVersion,
    countries,
    new Map(countries.map((c) => [c.code, c.name])),
    new Map(divisions.map((d) => [`${d.country}.${d.code}`, d.name])),
    divisions,
  );
}
