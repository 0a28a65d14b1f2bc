/** The game archive of the game service (server/game/ports.ts) over our database. */
import type { Database } from '../../db/database.js';
import type { GameArchive } from '../game/ports.js';
import type { NameIndex } from '../places/name-index.js';
import { saveGame } from './game-archive.js';
import { largestUnnamed } from './missed-places.js';

/** Games are saved in `db`; the places nobody named come from the in-memory `index`. */
export function databaseArchive(db: Database, index: NameIndex): GameArchive {
  return {
    save: (game) => saveGame(db, game),
    largestUnnamed: async (countries, named, admin1) =>
      largestUnnamed(index, countries, named, undefined, admin1),
  };
}
