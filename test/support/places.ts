import { join } from 'node:path';
import type { Queryable } from '../../db/database.js';
import { createPlaces, type Places } from '../../server/places/create-places.js';
import { testDataDir } from './services.js';

/**
 * The places of the suites' imported gazetteer (PGlite or PostgreSQL: the
 * same data), their name index kept in one file beside the test data, as
 * a server keeps it in DATA_DIR: built once per data version, then read.
 */
export function testPlaces(db: Queryable): Promise<Places> {
  return createPlaces({ db, caches: { file: join(testDataDir, 'name-index.bin') } });
}
