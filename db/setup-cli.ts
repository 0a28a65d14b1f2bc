/**
 * `npm run db:setup [-- --force]`: migrates the configured database and
 * imports the gazetteer (again with --force). DATABASE_URL selects
 * PostgreSQL; without it the embedded PGlite under DATA_DIR is used.
 */
import { readConfig } from '../server/config.js';
import { openDatabase } from './open-database.js';
import { createProgress } from './progress.js';
import { setUpDatabase } from './setup.js';

const config = readConfig(process.env);
const db = await openDatabase(config);
try {
  const { migrations, gazetteer } = await setUpDatabase(db, {
    force: process.argv.includes('--force'),
    progress: createProgress(),
  });
  for (const name of migrations) console.error(`Applied migration ${name}`);
  if (gazetteer.status === 'up-to-date') {
    console.error(`Gazetteer up to date (${gazetteer.dataVersion})`);
  }
} finally {
  await db.close();
}
