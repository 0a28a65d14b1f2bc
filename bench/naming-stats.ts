/**
 * `npm run bench:stats`: what the "What people name" job (server/stats/
 * count-new-games.ts) costs the server, on a scratch PGlite (in a worker
 * thread, as the server opens it) and, with DATABASE_URL, a scratch
 * PostgreSQL database (dropped afterwards).
 *
 * 1. Reads real places of a dozen quizzes from the imported gazetteer
 *    (DATABASE_URL's, else DATA_DIR's PGlite).
 * 2. Saves BENCH_GAMES (100,000) finished games over the last 200 days: a
 *    dozen quizzes, popular ones more often, 10–200 finds a game (log-uniform),
 *    big places named more often, 1–4 players a game.
 * 3. Times the job's first runs over all of them (slices of GAMES_PER_RUN
 *    games, one after another; the aggregates emptied before each of
 *    BENCH_REPEATS measurements), then an hourly run over a typical hour's
 *    BENCH_HOURLY (500) new games, BENCH_REPEATS times.
 *
 * BENCH_ONLY=pglite or postgres runs one of the two. Prints the medians: the server process's CPU (process.cpuUsage: the
 * PGlite worker thread included), wall time, and on PostgreSQL the CPU of
 * the database's own backends (from /proc, when readable).
 *
 * Measured on the 2-core development machine (1 December 2026; 100,000 games,
 * 6.3 million finds; medians of 3): an hourly run over 500 new games costs the
 * server 377 ms of CPU on PGlite (375 ms wall), 3 ms on PostgreSQL (whose own
 * backend spent 210 ms); a run with nothing new 4–6 ms. The backlog of all
 * 100,000 games, counted once after deploying, takes 51 slices of 2,000:
 * 38.6 s of CPU on PGlite (the longest slice 1.0 s), 20.3 s of PostgreSQL's
 * (longest 0.5 s).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { CopyTextBuffer, type Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { openDatabase } from '../db/open-database.js';
import { openPgliteWorkerDatabase } from '../db/pglite-worker-database.js';
import { openPostgresDatabase } from '../db/postgres-database.js';
import type { Place } from '../protocol/types.js';
import { countNewGames } from '../server/stats/count-new-games.js';

const GAMES = Number(process.env.BENCH_GAMES ?? 100_000);
const HOURLY = Number(process.env.BENCH_HOURLY ?? 500);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const DAY = 24 * 3_600_000;
/** Quizzes and how often each is played (relative). */
const QUIZZES: [string, number][] = [
  ['DE', 20],
  ['US', 18],
  ['FR', 12],
  ['GB', 10],
  ['IT', 8],
  ['ES', 6],
  ['PL', 5],
  ['NL', 5],
  ['JP', 4],
  ['BR', 4],
  ['IN', 4],
  ['CH', 4],
];
const PLACES_PER_QUIZ = 3000;
const BATCH = 2000;

/** A seeded generator (mulberry32), so that every run saves the same games. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function readPlaces(): Promise<Map<string, Place[]>> {
  const source = await openDatabase({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: process.env.DATA_DIR ?? './data',
  });
  try {
    const byQuiz = new Map<string, Place[]>();
    for (const [scope] of QUIZZES) {
      const rows = await source.query<Place>(
        `SELECT id, name, country, admin1, lat, lon, population FROM places
         WHERE country = $1 ORDER BY population DESC, id LIMIT $2`,
        [scope, PLACES_PER_QUIZ],
      );
      if (rows.length === 0) throw new Error(`no places of ${scope}: import the gazetteer first`);
      byQuiz.set(scope, rows);
    }
    return byQuiz;
  } finally {
    await source.close();
  }
}

/** Saves `count` games ending between `from` and `to` (ms), with COPY, in batches. */
async function saveGames(
  db: Database,
  places: Map<string, Place[]>,
  count: number,
  from: number,
  to: number,
  next: () => number,
): Promise<number> {
  const totalWeight = QUIZZES.reduce((sum, [, w]) => sum + w, 0);
  let finds = 0;
  for (let start = 0; start < count; start += BATCH) {
    const games = new CopyTextBuffer();
    const players = new CopyTextBuffer();
    const found = new CopyTextBuffer();
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      let pick = next() * totalWeight;
      const [scope] = QUIZZES.find(([, w]) => (pick -= w) < 0) ?? QUIZZES[0]!;
      const pool = places.get(scope)!;
      const endedAt = new Date(from + next() * (to - from)).toISOString();
      const id = randomUUID();
      const playerCount = 1 + Math.floor(next() * 4);
      const findCount = Math.round(10 * 20 ** next());
      // Big places are named far more often than small ones.
      const named = new Set<number>();
      while (named.size < findCount) named.add(Math.floor(pool.length * next() ** 3));
      const share = Math.min(1, findCount / 400 + next() * 0.2);
      games.push([
        id,
        'ACDEFG',
        scope,
        'race',
        JSON.stringify({ scope, mode: 'race', durationSec: 600, maxPlayers: 8, public: true }),
        endedAt,
        endedAt,
        pool.length,
        1e8,
        share,
        '[]',
      ]);
      for (let p = 0; p < playerCount; p++)
        players.push([id, `p${p}`, `Player ${p}`, '#0072B2', p + 1, 0, 0, 0]);
      let seq = 0;
      for (const index of named) {
        found.push([id, ++seq, `p${seq % playerCount}`, JSON.stringify(pool[index]), endedAt]);
      }
      finds += named.size;
    }
    await db.copyFrom(
      'games',
      [
        'id',
        'room_code',
        'scope',
        'mode',
        'settings',
        'started_at',
        'ended_at',
        'scope_places',
        'scope_population',
        'population_share',
        'missed',
      ],
      games.finish(),
    );
    await db.copyFrom(
      'game_players',
      ['game_id', 'player_id', 'nickname', 'color', 'rank', 'score', 'population', 'capitals'],
      players.finish(),
    );
    await db.copyFrom(
      'game_finds',
      ['game_id', 'seq', 'player_id', 'place', 'found_at'],
      found.finish(),
    );
  }
  return finds;
}

/** The CPU (ms) the database's own backends have used, on PostgreSQL when /proc shows them. */
async function backendCpuMs(db: Database): Promise<number | undefined> {
  if (db.kind !== 'postgres') return undefined;
  const rows = await db.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database()`,
  );
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  try {
    for (const { pid } of rows) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks;
    }
  } catch {
    return undefined;
  }
  return total;
}

interface Measure {
  cpuMs: number;
  wallMs: number;
  databaseCpuMs?: number;
  games: number;
  /** Runs it took (a backlog is counted a slice of GAMES_PER_RUN at a time) and the longest one's wall time. */
  runs: number;
  longestRunMs: number;
}

/** Runs the job until it has counted every saved game, as the schedule does (without its pauses). */
async function measure(db: Database): Promise<Measure> {
  const dbBefore = await backendCpuMs(db);
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  let games = 0;
  let runs = 0;
  let longestRunMs = 0;
  for (let more = true; more; runs++) {
    const started = performance.now();
    const run = await countNewGames(db);
    longestRunMs = Math.max(longestRunMs, performance.now() - started);
    games += run.games;
    more = run.more;
  }
  const wallMs = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  const dbAfter = await backendCpuMs(db);
  return {
    cpuMs: (used.user + used.system) / 1000,
    wallMs,
    databaseCpuMs: dbBefore === undefined || dbAfter === undefined ? undefined : dbAfter - dbBefore,
    games,
    runs,
    longestRunMs,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
};

function report(label: string, runs: Measure[]): void {
  const db = runs.map((r) => r.databaseCpuMs).filter((v): v is number => v !== undefined);
  console.log(
    `  ${label.padEnd(34)} games ${String(runs[0]!.games).padStart(7)}  ` +
      `server CPU ${median(runs.map((r) => r.cpuMs))
        .toFixed(0)
        .padStart(6)} ms  ` +
      `wall ${median(runs.map((r) => r.wallMs))
        .toFixed(0)
        .padStart(6)} ms` +
      (db.length === runs.length ? `  database CPU ${median(db).toFixed(0).padStart(6)} ms` : '') +
      `  runs ${runs[0]!.runs}, longest ${median(runs.map((r) => r.longestRunMs)).toFixed(0)} ms` +
      `  (median of ${runs.length}: ${runs.map((r) => r.cpuMs.toFixed(0)).join(', ')})`,
  );
}

async function benchOn(name: string, db: Database, places: Map<string, Place[]>): Promise<void> {
  console.log(`${name}:`);
  await migrate(db);
  const next = random(19);
  const now = Date.now();
  const t0 = performance.now();
  const finds = await saveGames(db, places, GAMES, now - 200 * DAY, now - DAY, next);
  console.log(
    `  saved ${GAMES} games, ${finds} finds in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  await db.exec('ANALYZE');
  const first: Measure[] = [];
  for (let r = 0; r < REPEATS; r++) {
    await db.exec(`DELETE FROM naming_scope; DELETE FROM naming_place;
      DELETE FROM naming_share_histogram; DELETE FROM naming_counted;
      UPDATE naming_job SET run = 0, newest_ended_at = NULL, updated_at = NULL`);
    first.push(await measure(db));
  }
  report('first runs, every saved game', first);
  const hourly: Measure[] = [];
  for (let h = 0; h < REPEATS; h++) {
    const hourStart = now - DAY + h * 3_600_000;
    await saveGames(db, places, HOURLY, hourStart, hourStart + 3_600_000, next);
    hourly.push(await measure(db));
  }
  report(`hourly run, ${HOURLY} new games`, hourly);
  const idle = [await measure(db), await measure(db), await measure(db)];
  report('a run with no new game', idle);
}

/** BENCH_ONLY=pglite or postgres: one of the two. */
const only = process.env.BENCH_ONLY;
const places = await readPlaces();
if (only !== 'postgres') {
  const dir = await mkdtemp(join(tmpdir(), 'placerace-bench-stats-'));
  const pglite = await openPgliteWorkerDatabase(join(dir, 'pglite'));
  try {
    await benchOn('PGlite (worker thread, as the server runs it)', pglite, places);
  } finally {
    await pglite.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const url = process.env.DATABASE_URL;
if (only === 'pglite') {
  // PostgreSQL not asked for.
} else if (url) {
  const name = `placerace_bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const postgres = await openPostgresDatabase(target.toString());
  try {
    await benchOn('PostgreSQL', postgres, places);
  } finally {
    await postgres.close();
    // BENCH_KEEP=1 keeps the scratch database, to look at its plans.
    if (process.env.BENCH_KEEP === '1') console.log(`kept the database ${name}`);
    else await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  }
} else {
  console.log('PostgreSQL: skipped (set DATABASE_URL)');
}
