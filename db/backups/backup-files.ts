/** The names of the daily backup files and which of them have had their time. */

const NAME = /^placerace-(\d{4}-\d{2}-\d{2})\.sql\.gz$/;

export function backupFileName(date: string): string {
  return `placerace-${date}.sql.gz`;
}

/**
 * The backup files among `names` older than `keepDays` days before `today`
 * (both YYYY-MM-DD): with 10, today's and the nine before stay. Other files
 * are never touched, whatever else shares the directory.
 */
export function expiredBackups(
  names: readonly string[],
  today: string,
  keepDays: number,
): string[] {
  const oldestKept = new Date(`${today}T00:00:00Z`);
  oldestKept.setUTCDate(oldestKept.getUTCDate() - (keepDays - 1));
  const cutoff = oldestKept.toISOString().slice(0, 10);
  return names.filter((name) => {
    const date = NAME.exec(name)?.[1];
    return date !== undefined && date < cutoff;
  });
}
