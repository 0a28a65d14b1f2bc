import type { Database } from './database.js';
import {
  importGazetteer,
  type ImportOptions,
  type ImportResult,
} from './gazetteer/import-gazetteer.js';
import { migrate } from './migrate.js';

/** Brings a database up to date: every migration applied, the current gazetteer imported. */
export async function setUpDatabase(
  db: Database,
  options: ImportOptions = {},
): Promise<{ migrations: string[]; gazetteer: ImportResult }> {
  const migrations = await migrate(db);
  const gazetteer = await importGazetteer(db, options);
  return { migrations, gazetteer };
}
