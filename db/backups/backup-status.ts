import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * How the last backup the server made on request went, in DATA_DIR: the
 * server writes it when done, `npm run backup` waits for it (ops/backup/).
 */
export interface BackupStatus {
  /** When the server finished (ms since the epoch). */
  finishedAt: number;
  ok: boolean;
  file?: string;
  bytes?: number;
  deleted?: string[];
  error?: string;
}

const fileIn = (dataDir: string) => join(dataDir, 'backup-status.json');

export async function writeBackupStatus(dataDir: string, status: BackupStatus): Promise<void> {
  await writeFile(`${fileIn(dataDir)}.partial`, JSON.stringify(status));
  await rename(`${fileIn(dataDir)}.partial`, fileIn(dataDir));
}

export async function readBackupStatus(dataDir: string): Promise<BackupStatus | undefined> {
  try {
    return JSON.parse(await readFile(fileIn(dataDir), 'utf8')) as BackupStatus;
  } catch {
    return undefined;
  }
}
