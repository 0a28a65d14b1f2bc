/** The game archive of the game service (server/game/ports.ts) over our database. */
import type { Database } from '../../db/database.js';
import type { GameArchive } from '../game/ports.js';
import { saveGame } from './game-archive.js';
import { largestUnnamed } from './missed-places.js';

export function databaseArchive(db: Database): GameArchive {
  return {
    save: (game) => saveGame(db, game),
    largestUnnamed: (countries, named) => largestUnnamed(db, countries, named),
  };
}
