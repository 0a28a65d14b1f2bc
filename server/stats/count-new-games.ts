/**
 * The statistics job of "What people name": adds the games saved since its
 * last run to the per-quiz aggregates (db/migrations/007_naming_stats.sql),
 * in SQL on the database and in one transaction, so that its cost follows the
 * new games, not all of them.
 */
import type { Database, Queryable } from '../../db/database.js';

/**
 * How far before the newest game counted a run still looks: games are saved
 * a moment after they end (retries included, seconds), and nodes commit out
 * of order, so a game may appear after a later one was counted.
 */
export const LOOK_BACK = '1 hour';

/**
 * The most games one run counts, oldest first: a backlog (the first run
 * after this job was deployed, on every game ever saved) is worked off in
 * slices of about a second each, so that no game's save waits behind one long
 * transaction; an hour's games fit in one.
 */
export const GAMES_PER_RUN = 2000;

export interface NamingRun {
  /** False when another node's run held the job at that moment; this one did nothing. */
  ran: boolean;
  /** The games this run counted. */
  games: number;
  /** The quizzes those games were of. */
  scopes: string[];
  /** Whether games were left for the next run (this one counted its `limit`). */
  more: boolean;
}

/**
 * Counts every saved game not counted yet. Two nodes sharing a PostgreSQL may
 * call this at once: the job's row is locked for the transaction, and a run
 * that finds it locked returns at once (`ran: false`), leaving the games to
 * the run that holds it.
 */
export async function countNewGames(db: Database, limit = GAMES_PER_RUN): Promise<NamingRun> {
  return db.transaction(async (tx) => {
    // The migration writes the job's row; a backup made before it, once restored, has none.
    await tx.exec('INSERT INTO naming_job (run) VALUES (0) ON CONFLICT DO NOTHING');
    const [job] = await tx.query<{ run: number; newest: string | null }>(
      `SELECT run, newest_ended_at::text AS newest FROM naming_job FOR UPDATE SKIP LOCKED`,
    );
    if (!job) return { ran: false, games: 0, scopes: [], more: false };
    const run = job.run + 1;
    const [added] = await tx.query<{ games: number; scopes: string[] | null; newest: string }>(
      `WITH added AS (
         INSERT INTO naming_counted (game_id, scope, ended_at, run)
         SELECT g.id, g.scope, g.ended_at, $1 FROM games g
         WHERE ($2::timestamptz IS NULL OR g.ended_at >= $2::timestamptz - interval '${LOOK_BACK}')
           AND NOT EXISTS (SELECT 1 FROM naming_counted c WHERE c.game_id = g.id)
         ORDER BY g.ended_at LIMIT $3
         RETURNING scope, ended_at
       )
       SELECT count(*)::int AS games, array_agg(DISTINCT scope) AS scopes, max(ended_at)::text AS newest
       FROM added`,
      [run, job.newest, limit],
    );
    const scopes = added?.scopes ?? [];
    if (added && added.games > 0) {
      await planForFewGames(tx);
      await addCounted(tx, run, scopes);
    }
    // Never ahead of the database's clock: a node whose clock ran fast must not make the look-back skip games.
    await tx.query(
      `UPDATE naming_job SET run = $1, updated_at = now(),
         newest_ended_at = CASE WHEN $2::timestamptz IS NULL THEN newest_ended_at
           ELSE greatest(newest_ended_at, least($2::timestamptz, now())) END`,
      [run, added?.newest ?? null],
    );
    await tx.query(
      `DELETE FROM naming_counted
       WHERE ended_at < (SELECT newest_ended_at FROM naming_job) - interval '${LOOK_BACK}'`,
    );
    const games = added?.games ?? 0;
    return { ran: true, games, scopes, more: games >= limit };
  });
}

/**
 * An hour's few hundred new games are to be looked up in game_finds by its
 * index, not found by reading all of it (seconds, once it holds millions of
 * finds). The planner needs to know how many games this run added (the table
 * was just written, and PGlite runs no autovacuum), and that a game's finds
 * lie together: they are saved in one statement, so the index's "random"
 * reads are nearly sequential. A first run over every saved game still gets
 * the hash join it should.
 */
async function planForFewGames(tx: Queryable): Promise<void> {
  await tx.exec('ANALYZE naming_counted');
  await tx.exec('SET LOCAL random_page_cost = 1.1');
}

/** Adds the games listed with `run` in naming_counted to the aggregates of their quizzes. */
async function addCounted(tx: Queryable, run: number, scopes: string[]): Promise<void> {
  await tx.query(
    `INSERT INTO naming_scope (scope, games, median_population_share)
     SELECT scope, count(*), 0 FROM naming_counted WHERE run = $1 GROUP BY scope
     ON CONFLICT (scope) DO UPDATE SET games = naming_scope.games + excluded.games`,
    [run],
  );
  await tx.query(
    `INSERT INTO naming_share_histogram (scope, share_bp, games)
     SELECT c.scope, least(10000, greatest(0, round(g.population_share * 10000)))::int, count(*)
     FROM naming_counted c JOIN games g ON g.id = c.game_id
     WHERE c.run = $1 GROUP BY 1, 2
     ON CONFLICT (scope, share_bp) DO UPDATE
       SET games = naming_share_histogram.games + excluded.games`,
    [run],
  );
  // A place counts once per game, whichever player (or players) named it.
  await tx.query(
    `INSERT INTO naming_place (scope, place_id, games_named)
     SELECT c.scope, (f.place->>'id')::int, count(DISTINCT f.game_id)
     FROM naming_counted c JOIN game_finds f ON f.game_id = c.game_id
     WHERE c.run = $1 GROUP BY 1, 2
     ON CONFLICT (scope, place_id) DO UPDATE
       SET games_named = naming_place.games_named + excluded.games_named`,
    [run],
  );
  await tx.query(
    `WITH h AS (
       SELECT scope, share_bp,
         sum(games) OVER (PARTITION BY scope ORDER BY share_bp) AS up_to,
         sum(games) OVER (PARTITION BY scope) AS total
       FROM naming_share_histogram WHERE scope = ANY($1::text[])
     ),
     -- The middle game, or the two middle games of an even count.
     low AS (SELECT scope, min(share_bp) AS bp FROM h WHERE up_to >= (total + 1) / 2 GROUP BY scope),
     high AS (SELECT scope, min(share_bp) AS bp FROM h WHERE up_to >= total / 2 + 1 GROUP BY scope)
     UPDATE naming_scope s SET median_population_share = (low.bp + high.bp) / 20000.0
     FROM low JOIN high USING (scope) WHERE s.scope = low.scope`,
    [scopes],
  );
}
