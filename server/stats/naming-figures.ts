/** The aggregates of one quiz as the statistics job left them (db/migrations/007_naming_stats.sql). */
import type { Queryable } from '../../db/database.js';
import type { Place } from '../../protocol/types.js';

export interface NamingFigures {
  games: number;
  medianPopulationShare: number;
  /** When the job last ran, ms since the epoch; null before its first run. */
  updatedAt: number | null;
  /** Every place of the gazetteer named in a counted game of the quiz, with in how many. */
  places: { place: Place; gamesNamed: number }[];
}

export async function readNamingFigures(db: Queryable, scope: string): Promise<NamingFigures> {
  const [job] = await db.query<{ updated_at: number | null }>(
    `SELECT extract(epoch FROM updated_at)::float8 * 1000 AS updated_at FROM naming_job`,
  );
  const [counted] = await db.query<{ games: number; median: number }>(
    `SELECT games, median_population_share AS median FROM naming_scope WHERE scope = $1`,
    [scope],
  );
  const places = counted
    ? await db.query<Place & { games_named: number }>(
        `SELECT p.id, p.name, p.country, p.admin1, p.lat, p.lon, p.population, n.games_named
         FROM naming_place n JOIN places p ON p.id = n.place_id WHERE n.scope = $1`,
        [scope],
      )
    : [];
  return {
    games: counted?.games ?? 0,
    medianPopulationShare: counted?.median ?? 0,
    updatedAt: job?.updated_at == null ? null : Math.round(job.updated_at),
    places: places.map(({ games_named, ...place }) => ({ place, gamesNamed: games_named })),
  };
}
