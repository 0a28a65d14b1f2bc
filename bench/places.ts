/**
 * `npm run bench:places`: how fast a guess resolves through each tier, and
 * how long the import takes on each database.
 *
 * 1. Imports the gazetteer into a fresh PGlite directory and, with
 *    DATABASE_URL, a fresh PostgreSQL database (dropped afterwards).
 * 2. Draws a realistic mix of 10,000 guesses from the real data (names
 *    weighted by population, other spellings, 20% misses).
 * 3. Resolves the mix through one tier at a time (database cold, Redis warm,
 *    in-process warm), one guess at a time for latency and with 16 in flight
 *    for rate; then through all tiers from cold, for the hit ratio per tier.
 * 4. Measures, in a child process, the memory of a server that holds every
 *    name of every scope in process.
 *
 * Latency is per guess (normalisation, lookups, scope filter), in µs.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Database } from '../db/database.js';
import { openPgliteDatabase } from '../db/pglite-database.js';
import { openPostgresDatabase } from '../db/postgres-database.js';
import { setUpDatabase } from '../db/setup.js';
import { buildGuessMix, type MixedGuess } from '../loadtest/guess-mix.js';
import { readConfig } from '../server/config.js';
import type { CandidateCache } from '../server/places/candidate-cache.js';
import { loadGazetteer, type Gazetteer } from '../server/places/gazetteer.js';
import { MemoryCandidateCache } from '../server/places/memory-candidate-cache.js';
import { PlaceIndex, type Tier } from '../server/places/place-index.js';
import { RedisCandidateCache, redisKeyPrefix } from '../server/places/redis-candidate-cache.js';
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

interface TierFigure {
  tier: string;
  latency: LatencySummary;
  concurrentPerSecond: number;
  hitRatio: number;
  target: string;
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

function resolverOver(gazetteer: Gazetteer, db: Database, caches: CandidateCache[]) {
  const index = new PlaceIndex(caches, db);
  const resolver = new GuessResolver(gazetteer, index);
  const resolve = (guess: MixedGuess) => resolver.resolveGuess(guess.scope, guess.text);
  return { index, resolve };
}

/** Resolves the mix once to fill the tiers under test, then measures a second pass. */
async function measureTier(
  tier: string,
  target: string,
  gazetteer: Gazetteer,
  db: Database,
  caches: CandidateCache[],
  mix: MixedGuess[],
  answeringTier: Tier,
  warm: boolean,
): Promise<TierFigure> {
  const { index, resolve } = resolverOver(gazetteer, db, caches);
  if (warm) for (const guess of mix) await resolve(guess);
  else for (const guess of mix.slice(0, 200)) await resolve(guess); // plans and JIT, not data
  const before = { ...index.counts[answeringTier] };
  const latency = await measureSequential(mix, resolve);
  const after = index.counts[answeringTier];
  const answered = after.hits - before.hits;
  const asked = answered + (after.misses - before.misses) + (after.errors - before.errors);
  const concurrentPerSecond = await measureThroughput(mix, resolve, IN_FLIGHT);
  console.error(`measured ${tier}`);
  return { tier, latency, concurrentPerSecond, hitRatio: asked ? answered / asked : 1, target };
}

function memoryFigure(env: NodeJS.ProcessEnv): Record<string, number | string> {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(import.meta.dirname, 'places-memory.ts')],
    { env: { ...process.env, ...env }, encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(`memory probe failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as Record<string, number | string>;
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
    let postgresUrl: string | undefined;
    if (config.databaseUrl) {
      const scratch = await createScratchPostgres(config.databaseUrl);
      cleanups.push(scratch.drop);
      postgresUrl = scratch.url;
      const imported = await timedImport('PostgreSQL', () => openPostgresDatabase(scratch.url));
      postgres = imported.db;
      cleanups.push(() => imported.db.close());
      imports.push(imported.figure);
    }

    const gazetteer = await loadGazetteer(pglite.db);
    const mix = await buildGuessMix(pglite.db, { count: GUESSES, missRate: 0.2, seed: 7 });
    const tiers: TierFigure[] = [];
    const primary = postgres ?? pglite.db;

    tiers.push(
      await measureTier(
        'in-process (warm)',
        'p99 ≤ 20 µs',
        gazetteer,
        primary,
        [new MemoryCandidateCache(1_000_000)],
        mix,
        'memory',
        true,
      ),
    );

    let redis: Redis | undefined;
    const redisTags: string[] = [];
    if (config.redisUrl) {
      redis = new Redis(config.redisUrl, { enableAutoPipelining: true });
      cleanups.push(async () => {
        for (const tag of redisTags) {
          let cursor = '0';
          do {
            const [next, keys] = await redis!.scan(cursor, 'MATCH', `${tag}*`, 'COUNT', 1000);
            if (keys.length > 0) await redis!.unlink(...keys);
            cursor = next;
          } while (cursor !== '0');
        }
        redis!.disconnect();
      });
      const version = `bench ${randomUUID()}`;
      redisTags.push(redisKeyPrefix(version));
      tiers.push(
        await measureTier(
          'Redis (warm)',
          'p99 ≤ 1 ms',
          gazetteer,
          primary,
          [new RedisCandidateCache(redis, version)],
          mix,
          'redis',
          true,
        ),
      );
    }

    tiers.push(
      await measureTier('PGlite (cold)', '-', gazetteer, pglite.db, [], mix, 'database', false),
    );
    if (postgres) {
      tiers.push(
        await measureTier(
          'PostgreSQL (cold)',
          'p99 ≤ 5 ms',
          gazetteer,
          postgres,
          [],
          mix,
          'database',
          false,
        ),
      );
    }

    // All tiers from cold, as a new node meets real traffic.
    const allCaches: CandidateCache[] = [new MemoryCandidateCache(1_000_000)];
    if (redis) {
      const version = `bench ${randomUUID()}`;
      redisTags.push(redisKeyPrefix(version));
      allCaches.push(new RedisCandidateCache(redis, version));
    }
    const full = resolverOver(gazetteer, primary, allCaches);
    let found = 0;
    for (const guess of mix) if ((await full.resolve(guess)).length > 0) found++;

    const memory = [memoryFigure({ DATABASE_URL: '', DATA_DIR: pgliteDir })];
    if (postgresUrl) memory.push(memoryFigure({ DATABASE_URL: postgresUrl }));

    console.log(
      `\nGuess resolution, ${fmt(GUESSES)} guesses (${fmt(found)} found, ${fmt(GUESSES - found)} missed)`,
    );
    console.log(
      'tier                 p50 µs    p99 µs    max µs   guesses/s  guesses/s@16  hit ratio  target',
    );
    for (const t of tiers) {
      console.log(
        `${t.tier.padEnd(18)} ${fmt(t.latency.p50, 1).padStart(8)} ${fmt(t.latency.p99, 1).padStart(9)} ` +
          `${fmt(t.latency.max).padStart(9)} ${fmt(t.latency.perSecond).padStart(11)} ` +
          `${fmt(t.concurrentPerSecond).padStart(13)} ${(t.hitRatio * 100).toFixed(1).padStart(9)}%  ${t.target}`,
      );
    }
    console.log('\nAll tiers from cold (one pass of the mix): hit ratio per tier');
    for (const tier of ['memory', 'redis', 'database'] as const) {
      const c = full.index.counts[tier];
      const asked = c.hits + c.misses + c.errors;
      if (asked === 0) continue;
      console.log(
        `  ${tier.padEnd(9)} asked ${fmt(asked).padStart(6)}  hits ${fmt(c.hits).padStart(6)}  ` +
          `ratio ${((c.hits / asked) * 100).toFixed(1)}%`,
      );
    }
    console.log('\nImport (fresh database)           data dir / connect   import   target');
    for (const f of imports) {
      const target = f.database === 'PGlite' ? '≤ 45 s' : '≤ 20 s';
      console.log(
        `  ${f.database.padEnd(30)} ${fmt(f.createSeconds, 1).padStart(8)} s ${fmt(f.importSeconds, 1).padStart(8)} s   ${target}`,
      );
    }
    console.log('\nEvery scope’s names in process (every name of every place preloaded)');
    for (const [i, m] of memory.entries()) {
      const label = i === 0 ? 'on PGlite (in the same process)' : 'on PostgreSQL';
      console.log(
        `  ${label.padEnd(32)} ${fmt(Number(m.names))} names in ${fmt(Number(m.seconds), 1)} s; ` +
          `RSS ${fmt(Number(m.rssBeforeMb))} → ${fmt(Number(m.rssAfterMb))} MB, heap ${fmt(Number(m.heapAfterMb))} MB ` +
          `(target ≤ 400 MB)`,
      );
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  }
}

await main();
