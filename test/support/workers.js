/**
 * The suites run in two Jest workers at once. Each worker gets databases of
 * its own, copied from the imported ones by the global setup: PGlite serves
 * one process, and a suite that counts saved games or history must not see
 * another's. Worker 1 (and a run in band) uses the originals.
 */
import { cpSync, rmSync } from 'node:fs';
import pg from 'pg';

const isFirst = (worker) => !worker || Number(worker) <= 1;

/** The PGlite data directory of a worker: data/test, data/test-w2, … */
export function workerDataDir(dataDir, worker) {
  return isFirst(worker) ? dataDir : `${dataDir}-w${worker}`;
}

/** The PostgreSQL database of a worker: DATABASE_URL's own, then its name with _w2, … */
export function workerDatabaseUrl(databaseUrl, worker) {
  const url = new URL(databaseUrl);
  if (!isFirst(worker)) url.pathname = `${url.pathname}_w${worker}`;
  return url.toString();
}

/** The workers that use copies: 2 … maxWorkers. */
function copiedWorkers(maxWorkers) {
  return Array.from({ length: Math.max(0, maxWorkers - 1) }, (_, i) => String(i + 2));
}

const databaseName = (databaseUrl) => decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
const quoted = (name) => `"${name.replaceAll('"', '""')}"`;

/** Runs `statements` on the server of `databaseUrl`, from its maintenance database. */
async function onServer(databaseUrl, statements) {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Copies the imported databases for every worker after the first (a copy left from before is replaced). */
export async function copyForWorkers(maxWorkers, dataDir, databaseUrl) {
  for (const worker of copiedWorkers(maxWorkers)) {
    const copy = workerDataDir(dataDir, worker);
    rmSync(copy, { recursive: true, force: true });
    cpSync(dataDir, copy, { recursive: true });
    if (!databaseUrl) continue;
    const name = quoted(databaseName(workerDatabaseUrl(databaseUrl, worker)));
    await onServer(databaseUrl, [
      `DROP DATABASE IF EXISTS ${name}`,
      `CREATE DATABASE ${name} TEMPLATE ${quoted(databaseName(databaseUrl))}`,
    ]);
  }
}

/** Removes what copyForWorkers made; the originals stay for the next run. */
export async function removeWorkerCopies(maxWorkers, dataDir, databaseUrl) {
  for (const worker of copiedWorkers(maxWorkers)) {
    rmSync(workerDataDir(dataDir, worker), { recursive: true, force: true });
    if (!databaseUrl) continue;
    const name = quoted(databaseName(workerDatabaseUrl(databaseUrl, worker)));
    await onServer(databaseUrl, [`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
  }
}

/** The imported PGlite directory the copies come from. */
export const originalDataDir = (env, cwd) => env.TEST_DATA_DIR || `${cwd}/data/test`;
