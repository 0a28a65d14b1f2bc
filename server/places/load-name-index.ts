/**
 * Reads the whole gazetteer out of the database for the name index: the
 * places, and both tables of names by place id, each in one COPY (PGlite
 * answers a COPY of 800,000 names in about a second, a query of them in
 * seven), none of them sorted: the database's sorts took PGlite about 1.3 s
 * of its 3.5 s, and the process orders the places and groups the names
 * itself in less (issue 16: the index built in ≤ 3 s).
 */
import type { Queryable } from '../../db/database.js';
import { KeyTable, NameIndex } from './name-index.js';
import type { Place } from './place.js';

/** Claim order, the order of the index's place numbers: most populous first, then by id. */
const inClaimOrder = (a: Place, b: Place) => b.population - a.population || a.id - b.id;

/** One field of COPY's text format, its backslash escapes undone. */
function copyValue(field: string): string {
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/g, (_, c: string) =>
    c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c,
  );
}

function readPlacesText(db: Queryable): Promise<string> {
  return db.copyOut(
    `SELECT id, name, ascii_name, country, admin1, population, lat, lon, is_capital
     FROM places`,
  );
}

function parsePlaces(text: string): Place[] {
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

/**
 * A table of names as lines of `key<TAB>place id`, in no order. Place ids
 * become place numbers here, not in the database: PGlite took 1.5 s to join
 * 800,000 names to the places' ranks.
 */
function readNames(db: Queryable, table: 'place_names' | 'place_compact_names'): Promise<string> {
  return db.copyOut(`SELECT key, place_id FROM ${table}`);
}

/** The name index of the gazetteer in `db`. */
export async function loadNameIndex(db: Queryable): Promise<NameIndex> {
  // All three asked at once: the embedded database (on its own thread) or
  // PostgreSQL reads the names while this thread builds the places.
  const placesText = readPlacesText(db);
  const namesText = readNames(db, 'place_names');
  const compactText = readNames(db, 'place_compact_names');
  // Nothing is left unawaited should one of them fail first.
  void namesText.catch(() => {});
  void compactText.catch(() => {});
  const places = parsePlaces(await placesText).sort(inClaimOrder);
  const numbers = new Map(places.map((place, number) => [place.id, number]));
  const numberOf = (id: number) => {
    const number = numbers.get(id);
    if (number === undefined) throw new Error(`a name of place ${id}, which is not in places`);
    return number;
  };
  const names = KeyTable.fromLines(await namesText, numberOf);
  const compactNames = KeyTable.fromLines(await compactText, numberOf);
  return NameIndex.fromPlaces(places, names, compactNames);
}
