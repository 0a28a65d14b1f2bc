/**
 * `npm run bench:places`: how fast a guess resolves, how long reading the
 * name index and the import take on each database.
 *
 * 1. Imports the gazetteer into a fresh PGlite directory and, with
 *    DATABASE_URL, a fresh PostgreSQL database (dropped afterwards).
 * 2. Draws a realistic mix of 10,000 guesses from the real data (names
 *    weighted by population, other spellings, 20% misses).
 * 3. Reads the whole name index out of each database, as a start without a
 *    kept copy does (server/places/obtain-name-index.ts), and times it.
 * 4. Resolves the mix through the in-process index, one guess at a time for
 *    latency and with 16 in flight for rate; and, as a baseline, looks each
 *    name up in each database cold, as guesses did before the index.
 *    `npm run bench:index` gives the index's memory.
 *
 * Latency is per guess (normalisation, lookups, scope filter), in µs.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Database } from '../db/database.js';
import { openPgliteDatabase } from '../db/pglite-database.js';
import { openPostgresDatabase } from '../db/postgres-database.js';
import { setUpDatabase } from '../db/setup.js';
import { normaliseName } from '../db/gazetteer/normalise.js';
import { buildGuessMix, type MixedGuess } from '../loadtest/guess-mix.js';
import { readConfig } from '../server/config.js';
import { loadGazetteer, type Gazetteer } from '../server/places/gazetteer.js';
import { loadNameIndex } from '../server/places/load-name-index.js';
import { PlaceIndex } from '../server/places/place-index.js';
import { placesNamed } from '../server/places/place-queries.js';
import { GuessResolver } from '../server/places/resolve-guess.js';
import { measureSequential, measureThroughput, type LatencySummary } from './stats.js';

const GUESSES = 10_000;
const IN_FLIGHT = 16;
const config = readConfig(process.env);

interface ImportFigure {
  database: string;
  createSeconds: number;
  importSeconds: number;
}

async function timedImport(
  label: string,
  open: () => Promise<Database>,
): Promise<{ db: Database; figure: ImportFigure }> {
  const t0 = performance.now();
  const db = await open();
  const t1 = performance.now();
  await setUpDatabase(db);
  const t2 = performance.now();
  const figure = {
    database: label,
    createSeconds: (t1 - t0) / 1000,
    importSeconds: (t2 - t1) / 1000,
  };
  console.error(`imported into ${label} in ${figure.importSeconds.toFixed(1)} s`);
  return { db, figure };
}

async function createScratchPostgres(
  url: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `placerace_bench_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return { url: target.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name}`) };
}

/** Resolves the mix once to warm the JIT and the index's place objects, then measures a second pass. */
async function measureIndex(index: PlaceIndex, gazetteer: Gazetteer, mix: MixedGuess[]) {
  const resolver = new GuessResolver(gazetteer, index);
  const resolve = (guess: MixedGuess) => resolver.resolveGuess(guess.scope, guess.text);
  for (const guess of mix) await resolve(guess);
  const latency = await measureSequential(mix, resolve);
  const concurrentPerSecond = await measureThroughput(mix, resolve, IN_FLIGHT);
  let found = 0;
  for (const guess of mix) if ((await resolve(guess)).length > 0) found++;
  return { latency, concurrentPerSecond, found };
}

/** The database's own lookup of each guess's name (places_named), cold: what the index spares. */
async function measureDatabase(db: Database, mix: MixedGuess[]): Promise<LatencySummary> {
  const lookup = (guess: MixedGuess) => placesNamed(db, normaliseName(guess.text));
  for (const guess of mix.slice(0, 200)) await lookup(guess); // plans and JIT, not data
  return measureSequential(mix, lookup);
}

/** How long a start takes to read the whole name index out of `db`. */
async function timedIndex(db: Database): Promise<{ index: PlaceIndex; seconds: number }> {
  const started = performance.now();
  const index = new PlaceIndex(await loadNameIndex(db));
  return { index, seconds: (performance.now() - started) / 1000 };
}

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en', { maximumFractionDigits: digits }) : '-';

async function main(): Promise<void> {
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const imports: ImportFigure[] = [];
    const pgliteDir = mkdtempSync(join(tmpdir(), 'placerace-bench-'));
    cleanups.push(async () => rmSync(pgliteDir, { recursive: true, force: true }));
    const pglite = await timedImport('PGlite', () => openPgliteDatabase(join(pgliteDir, 'pglite')));
    cleanups.push(() => pglite.db.close());
    imports.push(pglite.figure);

    let postgres: Database | undefined;
    if (config.databaseUrl) {
      const scratch = await createScratchPostgres(config.databaseUrl);
      cleanups.push(scratch.drop);
      const imported = await timedImport('PostgreSQL', () => openPostgresDatabase(scratch.url));
      postgres = imported.db;
      cleanups.push(() => imported.db.close());
      imports.push(imported.figure);
    }

    const gazetteer = await loadGazetteer(pglite.db);
    const mix = await buildGuessMix(pglite.db, { count: GUESSES, missRate: 0.2, seed: 7 });
    const loads = [{ label: 'PGlite', ...(await timedIndex(pglite.db)) }];
    if (postgres) loads.push({ label: 'PostgreSQL', ...(await timedIndex(postgres)) });
    const inProcess = await measureIndex(loads[0]!.index, gazetteer, mix);
    const cold = [{ label: 'PGlite (cold)', latency: await measureDatabase(pglite.db, mix) }];
    if (postgres) {
      cold.push({ label: 'PostgreSQL (cold)', latency: await measureDatabase(postgres, mix) });
    }

    const { found } = inProcess;
    console.log(
      `\nGuess resolution, ${fmt(GUESSES)} guesses (${fmt(found)} found, ${fmt(GUESSES - found)} missed)`,
    );
    console.log(
      '                              p50 µs    p99 µs    max µs   guesses/s  guesses/s@16  target',
    );
    const row = (label: string, l: LatencySummary, concurrent: string, target: string) =>
      console.log(
        `${label.padEnd(28)} ${fmt(l.p50, 1).padStart(8)} ${fmt(l.p99, 1).padStart(9)} ` +
          `${fmt(l.max).padStart(9)} ${fmt(l.perSecond).padStart(11)} ${concurrent.padStart(13)}  ${target}`,
      );
    row(
      'in-process index (whole)',
      inProcess.latency,
      fmt(inProcess.concurrentPerSecond),
      'p99 ≤ 20 µs',
    );
    for (const c of cold) row(`${c.label}, lookup only`, c.latency, '-', 'baseline');
    console.log('\nThe name index read out of the database, as a start without a kept copy does');
    for (const l of loads) {
      console.log(`  ${l.label.padEnd(12)} ${fmt(l.seconds, 2)} s   target ≤ 3 s`);
    }
    console.log('\nImport (fresh database)           data dir / connect   import   target');
    for (const f of imports) {
      const target = f.database === 'PGlite' ? '≤ 45 s' : '≤ 20 s';
      console.log(
        `  ${f.database.padEnd(30)} ${fmt(f.createSeconds, 1).padStart(8)} s ${fmt(f.importSeconds, 1).padStart(8)} s   ${target}`,
      );
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  }
}

await main();
