import type { Queryable } from '../../db/database.js';
import type { Place } from '../../protocol/types.js';

/** How many of the largest unnamed places a finished game shows. */
export const MISSED_PLACES = 50;

/**
 * The most populous places of a scope (its countries; every country when
 * undefined) that are not among `named`, largest first.
 */
export async function largestUnnamed(
  db: Queryable,
  countries: readonly string[] | undefined,
  named: readonly number[],
  limit = MISSED_PLACES,
): Promise<Place[]> {
  return db.query<Place>(
    `SELECT id, name, country, admin1, lat, lon, population FROM places
     WHERE ($1::text[] IS NULL OR country = ANY($1::text[])) AND NOT (id = ANY($2::int[]))
     ORDER BY population DESC, id LIMIT $3`,
    [countries ?? null, named, limit],
  );
}
