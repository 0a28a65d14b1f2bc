/**
 * What is not a place of any quiz, though GeoNames lists it among populated
 * places: a section of a town or city, or a place that no longer is one.
 * Their people are already counted in their city (Kreuzberg in Berlin, "Lyon
 * 03" in Lyon) or nowhere any more, so they are neither claimable, nor
 * counted in a quiz's totals, nor among the places nobody named.
 */
import type { CityRecord } from './read-cities.js';

/**
 * GeoNames feature codes of what is not a place: PPLX a section of a
 * populated place, PPLH historical, PPLQ abandoned, PPLW destroyed.
 */
export const NOT_PLACES: ReadonlySet<string> = new Set(['PPLX', 'PPLH', 'PPLQ', 'PPLW']);

/** A city whose numbered districts are sections of it has at least this many people. */
const SECTIONED_CITY_POPULATION = 100_000;
/** A numbered district lies within this distance of its city (km). */
const SECTION_DISTANCE_KM = 25;
/** "Marseille 13", "Budapest XI. kerület", "Delmas 73": a name, then an arabic or roman number. */
const NUMBERED = /^(.+?) (?:\d{1,3}|[IVXL]{1,6}\.?)(?: .*)?$/u;

/**
 * The ids of numbered districts that double-count their city: a place named
 * "<city> <number>" whose city (a place of that exact name in the same
 * country, of 100,000 people or more, at most 25 km away) holds its people
 * already. GeoNames files some as sections (PPLX, dropped by code) and some
 * as administrative seats (Marseille's arrondissements are PPLA5).
 */
export function numberedSections(records: readonly CityRecord[]): Set<number> {
  const cities = new Map<string, CityRecord[]>();
  for (const record of records) {
    if (record.population < SECTIONED_CITY_POPULATION) continue;
    const key = `${record.country}\t${record.name}`;
    cities.set(key, [...(cities.get(key) ?? []), record]);
  }
  const sections = new Set<number>();
  for (const record of records) {
    const base = NUMBERED.exec(record.name)?.[1];
    if (!base) continue;
    const candidates = cities.get(`${record.country}\t${base}`) ?? [];
    if (
      candidates.some(
        (city) => city.id !== record.id && kmBetween(city, record) <= SECTION_DISTANCE_KM,
      )
    ) {
      sections.add(record.id);
    }
  }
  return sections;
}

/** Great-circle distance, good enough at city scale. */
function kmBetween(a: Pick<CityRecord, 'lat' | 'lon'>, b: Pick<CityRecord, 'lat' | 'lon'>): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
