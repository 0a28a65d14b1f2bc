/**
 * Reads the whole gazetteer out of the database for the name index: the
 * places in claim order, and both tables of names by place number, sorted
 * by the database in code point order, each in one COPY (PGlite answers a
 * COPY of 800,000 names in about a second, a query of them in seven).
 */
import type { Queryable } from '../../db/database.js';
import { KeyTable, NameIndex } from './name-index.js';
import type { Place } from './place.js';

/** Claim order: the order of the index's place numbers. */
const CLAIM_ORDER = 'population DESC, id';

/** One field of COPY's text format, its backslash escapes undone. */
function copyValue(field: string): string {
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/g, (_, c: string) =>
    c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c,
  );
}

async function readPlaces(db: Queryable): Promise<Place[]> {
  const text = await db.copyOut(
    `SELECT id, name, ascii_name, country, admin1, population, lat, lon, is_capital
     FROM places ORDER BY ${CLAIM_ORDER}`,
  );
  const places: Place[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const [id, name, asciiName, country, admin1, population, lat, lon, capital] = line.split('\t');
    places.push({
      id: Number(id),
      name: copyValue(name!),
      asciiName: copyValue(asciiName!),
      country: country!,
      admin1: copyValue(admin1!),
      population: Number(population),
      lat: Number(lat),
      lon: Number(lon),
      capital: capital === 't',
    });
  }
  return places;
}

/** A table of names as lines of `key<TAB>place number`, in the order KeyTable reads. */
function readNames(db: Queryable, table: 'place_names' | 'place_compact_names'): Promise<string> {
  return db.copyOut(
    `SELECT n.key, r.number
     FROM ${table} n
     JOIN (SELECT id, row_number() OVER (ORDER BY ${CLAIM_ORDER}) - 1 AS number FROM places) r
       ON r.id = n.place_id
     ORDER BY n.key COLLATE "C", r.number`,
  );
}

/** The name index of the gazetteer in `db`. */
export async function loadNameIndex(db: Queryable): Promise<NameIndex> {
  const places = await readPlaces(db);
  const names = KeyTable.fromSortedLines(await readNames(db, 'place_names'));
  const compactNames = KeyTable.fromSortedLines(await readNames(db, 'place_compact_names'));
  return NameIndex.fromPlaces(places, names, compactNames);
}
