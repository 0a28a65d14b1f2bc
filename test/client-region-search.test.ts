/**
 * The quiz chooser's matching of regions (issue 19), without a browser: a
 * region is found by its name and shown with its country, a country named
 * whole brings its most populous regions along under it, and a region named
 * like a country (Georgia) leaves the name to the country.
 */
import {
  MAX_REGIONS_UNDER,
  MAX_SUGGESTIONS,
  ScopeSearch,
  type SearchableScope,
} from '../client/src/state/scope-search.js';
import { otherScopeNames } from '../server/scope-names.js';

const country = (id: string, name: string, places: number): SearchableScope => ({
  id,
  name,
  kind: 'country',
  places,
});
const region = (id: string, name: string, places: number, population: number) => ({
  id,
  name,
  kind: 'region' as const,
  places,
  population,
  country: id.slice(0, 2),
});

const US_STATES = Array.from({ length: 15 }, (_, i) =>
  region(`US-S${i}`, `State ${i}`, 500 + i, 1_000_000 * (i + 1)),
);
const SCOPES: SearchableScope[] = [
  { id: 'world', name: 'World', kind: 'world', places: 200_000 },
  { id: 'europe', name: 'Europe', kind: 'continent', places: 60_000 },
  country('US', 'United States', 20_941),
  country('GB', 'United Kingdom', 6_000),
  country('AE', 'United Arab Emirates', 100),
  country('DE', 'Germany', 11_120),
  country('GE', 'Georgia', 300),
  region('DE-BY', 'Bavaria', 2_013, 12_000_000),
  region('DE-RP', 'Rheinland-Pfalz', 2_242, 4_000_000),
  region('DE-NW', 'North Rhine-Westphalia', 900, 17_000_000),
  region('US-CA', 'California', 1_130, 36_000_000),
  region('US-GA', 'Georgia', 700, 9_000_000),
  region('GE-TB', 'Tbilisi', 60, 1_100_000),
  ...US_STATES,
];
const search = new ScopeSearch(SCOPES, otherScopeNames(SCOPES));
const ids = (query: string) => search.suggest(query).map((s) => s.scope.id);

test('an empty query lists the world and the continents, no region', () => {
  expect(ids('')).toEqual(['world', 'europe']);
});

test('a region is found by its name, not listed under its country', () => {
  const [california] = search.suggest('Calif');
  expect(california).toEqual({ scope: expect.objectContaining({ id: 'US-CA' }) });
  expect(search.countryOf(california!.scope)?.name).toBe('United States');
  expect(ids('bavaria')).toEqual(['DE-BY']);
  expect(search.exact('California')?.id).toBe('US-CA');
});

test('a country named whole brings its most populous regions, indented, before the other matches', () => {
  const germany = search.suggest('Germany');
  expect(germany.map((s) => s.scope.id)).toEqual(['DE', 'DE-NW', 'DE-BY', 'DE-RP']);
  expect(germany.map((s) => s.underCountry ?? false)).toEqual([false, true, true, true]);
  // By another of its names too.
  expect(ids('Deutschland')[0]).toBe('DE');
  expect(ids('Deutschland').slice(1)).toEqual(['DE-NW', 'DE-BY', 'DE-RP']);
  const us = search.suggest('United States');
  expect(us[0]!.scope.id).toBe('US');
  const under = us.filter((s) => s.underCountry);
  expect(under.length).toBe(MAX_REGIONS_UNDER);
  expect(under[0]!.scope.id).toBe('US-CA');
  expect(under.map((s) => s.scope.population)).toEqual(
    under.map((s) => s.scope.population).sort((a, b) => b! - a!),
  );
});

test('a prefix several countries share lists the countries, without their regions', () => {
  expect(ids('United')).toEqual(['US', 'GB', 'AE']);
  // The only country a prefix names brings its regions.
  expect(ids('Germ')).toEqual(['DE', 'DE-NW', 'DE-BY', 'DE-RP']);
});

test('Georgia: the country, its regions, then the state, which the name alone does not pick', () => {
  const georgia = search.suggest('Georgia');
  expect(georgia.map((s) => s.scope.id)).toEqual(['GE', 'GE-TB', 'US-GA']);
  expect(georgia.map((s) => s.underCountry ?? false)).toEqual([false, true, false]);
  expect(search.exact('Georgia')?.id).toBe('GE');
  expect(search.suggest('Georgia', MAX_SUGGESTIONS).length).toBeLessThanOrEqual(
    MAX_SUGGESTIONS + MAX_REGIONS_UNDER,
  );
});
