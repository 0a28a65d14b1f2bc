/**
 * The alert state between runs, in a small JSON file. Each run is a new
 * process (a systemd timer), so this file is the probe's only memory.
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { AlertStateSchema, freshState, type AlertState } from './alert-state.js';

/**
 * A missing or unreadable file starts afresh instead of failing: an uptime
 * check that stops checking because of its own bookkeeping would be worse
 * than one that may alert once more than needed.
 */
export async function readState(path: string, warn: (line: string) => void): Promise<AlertState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    warn(
      missing
        ? `no state file at ${path} yet: starting from a fresh state`
        : `cannot read the state file ${path} (${errorText(error)}): starting from a fresh state`,
    );
    return freshState();
  }
  try {
    return AlertStateSchema.parse(JSON.parse(text));
  } catch (error) {
    const why = error instanceof z.ZodError ? 'not the expected shape' : errorText(error);
    warn(`the state file ${path} is corrupt (${why}): starting from a fresh state`);
    return freshState();
  }
}

/** Written to a temporary file and renamed over the old one, so a crash never leaves half a file. */
export async function writeState(path: string, state: AlertState): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    const file = await open(temporary, 'w');
    try {
      await file.writeFile(JSON.stringify(state, null, 2) + '\n');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
