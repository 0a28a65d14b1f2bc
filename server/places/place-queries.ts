import type { Queryable } from '../../db/database.js';
import type { Place } from './place.js';

interface PlaceRow {
  id: number;
  name: string;
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

/** Every place of the gazetteer. */
export async function allPlaces(db: Queryable): Promise<Place[]> {
  const rows = await db.query<PlaceRow>(
    `SELECT id, name, country, admin1, population, lat, lon, is_capital FROM places`,
  );
  return rows.map(toPlace);
}

/** Every (name key, place id) pair; with `countries`, only the keys naming a place in them. */
export async function nameKeys(
  db: Queryable,
  countries?: readonly string[],
): Promise<{ key: string; place_id: number }[]> {
  if (!countries) return db.query('SELECT key, place_id FROM place_names');
  return db.query(
    `SELECT key, place_id FROM place_names WHERE key IN (
       SELECT n.key FROM place_names n JOIN places p ON p.id = n.place_id
       WHERE p.country = ANY($1::text[]))`,
    [countries],
  );
}
