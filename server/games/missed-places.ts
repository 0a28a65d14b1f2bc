import type { Place } from '../../protocol/types.js';
import type { NameIndex } from '../places/name-index.js';

/** How many of the largest unnamed places a finished game shows. */
export const MISSED_PLACES = 50;

/**
 * The most populous places of a scope (its countries; every country when
 * undefined; of the division `admin1` only, for a region) that are not
 * among `named`, largest first, none of unknown population: from the name
 * index in memory, so that games ending together put no query on the
 * database.
 */
export function largestUnnamed(
  index: NameIndex,
  countries: readonly string[] | undefined,
  named: readonly number[],
  limit = MISSED_PLACES,
  admin1?: string,
): Place[] {
  return index.largest(countries, new Set(named), limit, admin1);
}
