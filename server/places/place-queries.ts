import type { Queryable } from '../../db/database.js';
import type { Place } from './place.js';

interface PlaceRow {
  id: number;
  name: string;
  ascii_name: string;
  country: string;
  admin1: string;
  population: number;
  lat: number;
  lon: number;
  is_capital: boolean;
}

function toPlace(row: PlaceRow): Place {
  return {
    id: row.id,
    name: row.name,
    asciiName: row.ascii_name,
    country: row.country,
    admin1: row.admin1,
    population: row.population,
    lat: row.lat,
    lon: row.lon,
    capital: row.is_capital,
  };
}

/** Every place a normalised name can mean, anywhere in the world, in claim order. */
export async function placesNamed(db: Queryable, key: string): Promise<Place[]> {
  const rows = await db.query<PlaceRow>('SELECT * FROM places_named($1)', [key]);
  return rows.map(toPlace);
}

/**
 * Every place a name written without spaces can mean ("aizuwakamatsu" for
 * Aizu-Wakamatsu, "manchester" for "Man Chester"), in claim order.
 */
export async function placesCompactNamed(db: Queryable, compactKey: string): Promise<Place[]> {
  const rows = await db.query<PlaceRow>('SELECT * FROM places_compact_named($1)', [compactKey]);
  return rows.map(toPlace);
}

/** The (key, place id) pairs of the given name keys. */
export async function nameRows(
  db: Queryable,
  keys: readonly string[],
): Promise<{ key: string; place_id: number }[]> {
  return db.query('SELECT key, place_id FROM place_names WHERE key = ANY($1::text[])', [keys]);
}

/** The places with the given ids. */
export async function placesById(db: Queryable, ids: readonly number[]): Promise<Place[]> {
  const rows = await db.query<PlaceRow>(
    `SELECT id, name, ascii_name, country, admin1, population, lat, lon, is_capital
     FROM places WHERE id = ANY($1::int[])`,
    [ids],
  );
  return rows.map(toPlace);
}

/** The distinct name keys of the places in `countries`. */
export async function namesInCountries(
  db: Queryable,
  countries: readonly string[],
): Promise<string[]> {
  const rows = await db.query<{ key: string }>(
    `SELECT DISTINCT n.key FROM place_names n JOIN places p ON p.id = n.place_id
     WHERE p.country = ANY($1::text[])`,
    [countries],
  );
  return rows.map((row) => row.key);
}

/** Every place of the gazetteer. */
export async function allPlaces(db: Queryable): Promise<Place[]> {
  const rows = await db.query<PlaceRow>(
    `SELECT id, name, ascii_name, country, admin1, population, lat, lon, is_capital FROM places`,
  );
  return rows.map(toPlace);
}

/** Rows fetched per round trip when reading the whole name index. */
const NAME_BATCH = 50_000;

/**
 * Every (name key, place id) pair in key order, in batches, so that holding
 * the whole index in memory never needs the whole result set at once as well.
 */
export async function* nameKeys(
  db: Queryable,
): AsyncGenerator<{ key: string; place_id: number }[]> {
  let after: [string, number] = ['', 0];
  for (;;) {
    const batch = await db.query<{ key: string; place_id: number }>(
      `SELECT key, place_id FROM place_names
       WHERE (key, place_id) > ($1, $2)
       ORDER BY key, place_id LIMIT $3`,
      [...after, NAME_BATCH],
    );
    if (batch.length === 0) return;
    yield batch;
    const last = batch[batch.length - 1]!;
    after = [last.key, last.place_id];
  }
}
