/**
 * `npm run backup`: the day's backup of the game's data into BACKUP_DIR
 * (placerace-YYYY-MM-DD.sql.gz), files older than BACKUP_KEEP_DAYS deleted,
 * and with BACKUP_REMOTE the same on an rclone remote (ops/operating.md,
 * "Backups"). PostgreSQL (DATABASE_URL) is dumped with pg_dump; the embedded
 * database with PGlite's pg_dump, by this process when no server holds it,
 * else by the server, asked with SIGUSR2 (server/backup-on-signal.ts).
 */
import { readBackupConfig } from '../../db/backups/backup-config.js';
import { readBackupStatus, type BackupStatus } from '../../db/backups/backup-status.js';
import { makeBackup } from '../../db/backups/make-backup.js';
import { pgliteHolder } from '../../db/backups/pglite-owner.js';
import { openDatabase } from '../../db/open-database.js';
import { readConfig } from '../../server/config.js';

/** A dump of the game's data takes seconds; a remote far away, more. */
const SERVER_TIMEOUT_MS = 10 * 60_000;

const config = readConfig(process.env);
const backup = readBackupConfig(process.env, config.dataDir);
const holder = config.databaseUrl ? undefined : pgliteHolder(config.dataDir);

let made: BackupStatus;
if (holder === undefined) {
  const db = await openDatabase(config);
  try {
    made = { finishedAt: Date.now(), ok: true, ...(await makeBackup(db, backup)) };
  } finally {
    await db.close();
  }
} else {
  console.error(`The server (PID ${holder}) holds the embedded database: asking it for the backup`);
  made = await askServer(holder, config.dataDir);
}
if (!made.ok) {
  console.error(`Backup failed: ${made.error}`);
  process.exit(1);
}
console.error(`Backup written: ${made.file} (${made.bytes} bytes)`);
for (const old of made.deleted ?? [])
  console.error(`Deleted (older than ${backup.keepDays} days): ${old}`);
if (backup.remote) console.error(`Copied to ${backup.remote}`);

async function askServer(pid: number, dataDir: string): Promise<BackupStatus> {
  const asked = Date.now();
  process.kill(pid, 'SIGUSR2');
  while (Date.now() - asked < SERVER_TIMEOUT_MS) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const status = await readBackupStatus(dataDir);
    if (status && status.finishedAt >= asked) return status;
  }
  return {
    finishedAt: Date.now(),
    ok: false,
    error: 'the server did not answer within 10 minutes',
  };
}
