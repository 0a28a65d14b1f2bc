import { join } from 'node:path';
import { z } from 'zod';

/** Where backups go and how long they stay: from the environment (ops/operating.md, "Backups"). */
export interface BackupConfig {
  /** The directory of the daily files. */
  dir: string;
  /** Files of this many days are kept, today's included. */
  keepDays: number;
  /** The day the backup is of (YYYY-MM-DD, UTC): today, or BACKUP_DATE for tests. */
  date: string;
  /** An rclone remote and path (`spaces:placerace-backups`), or none. */
  remote: string | undefined;
}

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

const BackupEnv = z.object({
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_KEEP_DAYS: z.coerce.number().int().min(1).max(3650).default(10),
  BACKUP_DATE: Day.optional(),
  BACKUP_REMOTE: z.string().min(1).optional(),
});

export function readBackupConfig(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  now = new Date(),
): BackupConfig {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = BackupEnv.safeParse(blankless);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`bad backup settings: ${problems.join('; ')}`);
  }
  return {
    dir: parsed.data.BACKUP_DIR ?? join(dataDir, 'backups'),
    keepDays: parsed.data.BACKUP_KEEP_DAYS,
    date: parsed.data.BACKUP_DATE ?? now.toISOString().slice(0, 10),
    remote: parsed.data.BACKUP_REMOTE,
  };
}
