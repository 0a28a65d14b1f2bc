import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Which process has the embedded database open. A PGlite directory is a
 * PostgreSQL cluster without a postmaster: two processes writing it would
 * corrupt it, and nothing in PGlite stops them. The server records its PID
 * here while it holds the directory, so that `npm run backup` asks it for
 * the dump instead of opening the files itself.
 */
const fileIn = (dataDir: string) => join(dataDir, 'server.pid');

/** Records this process as the holder; the returned function lets go. */
export function holdPglite(dataDir: string): () => void {
  const file = fileIn(dataDir);
  writeFileSync(file, `${process.pid}\n`);
  return () => {
    if (pgliteHolder(dataDir) === process.pid) rmSync(file, { force: true });
  };
}

/** The PID of the live process that holds the directory, if one does. */
export function pgliteHolder(dataDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(fileIn(dataDir), 'utf8'), 10);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0); // signal 0: is it alive (a crash leaves the file behind)
    return pid;
  } catch (error) {
    // EPERM: alive, but another user's (the service's user, seen from a shell).
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}
