import type { Queryable } from '../../db/database.js';
import { loadGazetteer, type Gazetteer } from './gazetteer.js';
import { obtainNameIndex, type NameIndexCaches } from './obtain-name-index.js';
import { PlaceIndex } from './place-index.js';
import { GuessResolver } from './resolve-guess.js';

export interface Places {
  gazetteer: Gazetteer;
  index: PlaceIndex;
  resolver: GuessResolver;
}

export interface PlacesOptions {
  db: Queryable;
  /** Where the name index is kept between starts: a file, Redis (obtain-name-index.ts). */
  caches?: NameIndexCaches;
}

/**
 * Guess resolution over an imported database: its scopes, and every name of
 * every place held in the process (read from a kept copy when there is one).
 */
export async function createPlaces(options: PlacesOptions): Promise<Places> {
  const gazetteer = await loadGazetteer(options.db);
  const { index: names } = await obtainNameIndex(options.db, gazetteer.dataVersion, options.caches);
  const index = new PlaceIndex(names);
  return { gazetteer, index, resolver: new GuessResolver(gazetteer, index) };
}
