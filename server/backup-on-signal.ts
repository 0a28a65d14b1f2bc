/**
 * The embedded database's backups, made by the server that holds it: no
 * other process may open a PGlite directory while the server runs, so
 * `npm run backup` sends SIGUSR2 and waits for the status file this writes
 * (db/backups/). The settings are the server's environment (BACKUP_DIR,
 * BACKUP_KEEP_DAYS, BACKUP_REMOTE): a systemd unit gives both the same file.
 */
import type { Database } from '../db/database.js';
import { readBackupConfig } from '../db/backups/backup-config.js';
import { writeBackupStatus } from '../db/backups/backup-status.js';
import { makeBackup } from '../db/backups/make-backup.js';
import type { Logger } from './log.js';

export function backUpOnSignal(db: Database, dataDir: string, log: Logger): () => void {
  let running = false;
  const backUp = async () => {
    if (running) return; // the one running will write the status the asker waits for
    running = true;
    try {
      const made = await makeBackup(db, readBackupConfig(process.env, dataDir));
      log.info({ file: made.file, bytes: made.bytes, deleted: made.deleted }, 'backup made');
      await writeBackupStatus(dataDir, { finishedAt: Date.now(), ok: true, ...made });
    } catch (error) {
      const message = (error as Error).message;
      log.error({ err: message }, 'backup failed');
      await writeBackupStatus(dataDir, { finishedAt: Date.now(), ok: false, error: message });
    } finally {
      running = false;
    }
  };
  const onSignal = () => void backUp().catch(() => undefined);
  process.on('SIGUSR2', onSignal);
  return () => process.off('SIGUSR2', onSignal);
}
