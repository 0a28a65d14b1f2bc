/**
 * The name index of the running data, from the quickest place that has it:
 * a file beside the data (PGlite's DATA_DIR), then Redis (shared by the
 * nodes: a new node warms in about a second), then the database itself,
 * whose answer is then kept in both for the next start. Each blob carries
 * the data version it was built from; another version is rebuilt.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Redis } from 'ioredis';
import type { Queryable } from '../../db/database.js';
import { loadNameIndex } from './load-name-index.js';
import type { NameIndex } from './name-index.js';
import { fromBlob, toBlob } from './name-index-blob.js';

export interface NameIndexCaches {
  /** A file to keep the index in (PGlite's data directory). */
  file?: string;
  /** Redis shared by the nodes, and the prefix of its keys. */
  shared?: { redis: Redis; prefix: string };
}

export interface ObtainedIndex {
  index: NameIndex;
  from: 'file' | 'redis' | 'database';
  seconds: number;
}

function readFile(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Written beside, under a name of this process's own (nodes may share a
 * data directory and start together), and renamed over: a reader never sees
 * half a file. A copy that cannot be kept is no reason not to start.
 */
function writeFile(path: string, blob: Buffer): void {
  const beside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(beside, blob);
    renameSync(beside, path);
  } catch {
    rmSync(beside, { force: true });
  }
}

export async function obtainNameIndex(
  db: Queryable,
  dataVersion: string,
  caches: NameIndexCaches = {},
): Promise<ObtainedIndex> {
  const started = performance.now();
  const done = (index: NameIndex, from: ObtainedIndex['from']): ObtainedIndex => ({
    index,
    from,
    seconds: (performance.now() - started) / 1000,
  });
  const { file, shared } = caches;
  const key = shared && `${shared.prefix}name-index`;
  const fromFile = file ? readFile(file) : undefined;
  const kept = fromFile && fromBlob(fromFile, dataVersion);
  if (kept) return done(kept, 'file');
  if (shared && key) {
    // Redis being away is no reason not to start: the database has the names.
    const blob = await shared.redis.getBuffer(key).catch(() => null);
    const fromRedis = blob && fromBlob(blob, dataVersion);
    if (fromRedis) {
      if (file) writeFile(file, blob);
      return done(fromRedis, 'redis');
    }
  }
  const index = await loadNameIndex(db);
  const blob = toBlob(index, dataVersion);
  if (file) writeFile(file, blob);
  if (shared && key) await shared.redis.set(key, blob).catch(() => undefined);
  return done(index, 'database');
}
