/**
 * The guesses the swarm types, per quiz scope: a pool drawn once from the
 * real gazetteer by buildGuessMix (population-weighted names, other
 * spellings, about 20% misses), from which each player samples as it plays.
 * Sampling a population-weighted pool keeps the weighting, so big places
 * recur: players of a room collide on them ("taken") and repeat themselves
 * ("repeat"), as in real races.
 */
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/open-database.js';
import { buildGuessMix } from './guess-mix.js';

export interface GuessPools {
  /** The texts players type, per scope. */
  texts: Map<string, string[]>;
  /**
   * Per scope, the place each real text was made from: the baseline finds a
   * place the first time any of its spellings is guessed, and misses the
   * rest, so that it broadcasts the finds the game would (not one per text).
   */
  places: Map<string, Map<string, number>>;
}

export interface PoolOptions {
  scopes: readonly string[];
  poolSize: number;
  missRate: number;
  seed: number;
  dataDir: string;
  databaseUrl: string | undefined;
}

/**
 * Fails at once when `dataDir` holds no imported PGlite database, rather than
 * letting a game server import the gazetteer in the middle of a run.
 */
export function requireEmbeddedDatabase(dataDir: string): void {
  if (!existsSync(join(dataDir, 'pglite')))
    throw new Error(
      `no database under ${dataDir}: run \`DATA_DIR=${dataDir} npm run db:setup\` first ` +
        '(or set DATABASE_URL)',
    );
}

/**
 * Reads the pools, then closes the database: with the embedded PGlite the
 * game server opens the same directory next, and PGlite serves one process.
 */
export async function loadGuessPools(options: PoolOptions): Promise<GuessPools> {
  if (!options.databaseUrl) requireEmbeddedDatabase(options.dataDir);
  const db = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  try {
    const pools: GuessPools = { texts: new Map(), places: new Map() };
    for (const [i, scope] of options.scopes.entries()) {
      const mix = await buildGuessMix(db, {
        count: options.poolSize,
        missRate: options.missRate,
        seed: options.seed * 1000 + i,
        scopes: [scope],
      }).catch((err: Error) => {
        if (/no places/.test(err.message)) throw new Error(`unknown or empty scope: ${scope}`);
        if (/does not exist/.test(err.message))
          throw new Error('the gazetteer is not imported: run `npm run db:setup` first');
        throw err;
      });
      pools.texts.set(
        scope,
        mix.map((g) => g.text),
      );
      pools.places.set(
        scope,
        new Map(mix.flatMap((g) => (g.place === undefined ? [] : [[g.text, g.place] as const]))),
      );
    }
    return pools;
  } finally {
    await db.close();
  }
}

/** Where the baseline server reads the pools' places from (a JSON file). */
export const BASELINE_PLACES_ENV = 'BASELINE_PLACES';

/** The places of the pools as the baseline server reads them: `{ scope: { text: placeId } }`. */
export async function writeBaselinePlaces(pools: GuessPools): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'placerace-baseline-'));
  // The baseline reads it once at its start; gone with the load test.
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'places.json');
  const places = Object.fromEntries(
    [...pools.places].map(([scope, texts]) => [scope, Object.fromEntries(texts)]),
  );
  await writeFile(file, JSON.stringify(places));
  return file;
}
