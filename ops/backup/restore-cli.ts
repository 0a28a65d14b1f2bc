/**
 * `npm run restore -- FILE [--force]`: loads a backup made by `npm run
 * backup` into the database the environment names (DATABASE_URL, else the
 * embedded one in DATA_DIR), after bringing it up to this release's schema
 * and gazetteer, so that a server started on it serves every saved game.
 * A database that already holds games is refused unless --force.
 */
import { parseArgs } from 'node:util';
import { RestoreRefused, restoreBackup } from '../../db/backups/restore-backup.js';
import { pgliteHolder } from '../../db/backups/pglite-owner.js';
import { openDatabase } from '../../db/open-database.js';
import { createProgress } from '../../db/progress.js';
import { setUpDatabase } from '../../db/setup.js';
import { readConfig } from '../../server/config.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { force: { type: 'boolean', default: false } },
});
const [file] = positionals;
if (!file || positionals.length > 1) {
  console.error('usage: npm run restore -- FILE [--force]');
  process.exit(2);
}

const config = readConfig(process.env);
const holder = config.databaseUrl ? undefined : pgliteHolder(config.dataDir);
if (holder !== undefined) {
  console.error(
    `The server (PID ${holder}) holds the embedded database in ${config.dataDir}: stop it first`,
  );
  process.exit(1);
}

const db = await openDatabase(config);
try {
  const { migrations } = await setUpDatabase(db, { force: false, progress: createProgress() });
  for (const name of migrations) console.error(`Applied migration ${name}`);
  const restored = await restoreBackup(db, file, { force: values.force });
  console.error(`Restored ${file}: ${restored.games} saved games (${db.kind})`);
} catch (error) {
  if (!(error instanceof RestoreRefused)) throw error;
  console.error(`Refused: ${error.message}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
