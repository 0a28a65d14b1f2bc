import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Database } from '../database.js';
import type { BackupConfig } from './backup-config.js';
import { backupFileName, expiredBackups } from './backup-files.js';
import { rclone } from './rclone.js';

export interface BackupMade {
  file: string;
  bytes: number;
  /** Files deleted for their age, here and on the remote. */
  deleted: string[];
  remoteDeleted: string[];
}

/**
 * The day's backup: the game's data dumped, compressed into
 * BACKUP_DIR/placerace-DATE.sql.gz (written aside and renamed, so a file of
 * that name is always whole; a second run the same day replaces it), files
 * past their time deleted, and, with a remote, the same there.
 */
export async function makeBackup(db: Database, config: BackupConfig): Promise<BackupMade> {
  const sql = await db.dumpData();
  const compressed = await promisify(gzip)(sql);
  await mkdir(config.dir, { recursive: true });
  const name = backupFileName(config.date);
  const file = join(config.dir, name);
  await writeFile(`${file}.partial`, compressed, { mode: 0o640 });
  await rename(`${file}.partial`, file);

  const deleted = expiredBackups(await readdir(config.dir), config.date, config.keepDays);
  for (const old of deleted) await rm(join(config.dir, old));

  const remoteDeleted: string[] = [];
  if (config.remote) {
    await rclone.copy(file, config.remote, name);
    const expired = expiredBackups(await rclone.list(config.remote), config.date, config.keepDays);
    for (const old of expired) await rclone.delete(config.remote, old);
    remoteDeleted.push(...expired);
  }
  return { file, bytes: compressed.length, deleted, remoteDeleted };
}
