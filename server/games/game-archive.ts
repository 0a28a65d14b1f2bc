import type { Database, Queryable } from '../../db/database.js';
import type { GameEnded, Place, PlayerResult, Settings } from '../../protocol/types.js';

/**
 * PostgreSQL's text holds no NUL. Nicknames come cleaned of every control
 * character (protocol/player-text.ts); this also keeps the rooms of an
 * older node (in Redis) from losing their result.
 */
const storable = (text: string) => text.replaceAll('\u0000', '');

/**
 * Saves a finished game whole, in one transaction: the game, its players and
 * every find with its time. Saving the same game id twice changes nothing.
 */
export async function saveGame(db: Database, ended: GameEnded): Promise<void> {
  const { results, missed } = ended;
  const finds = results.ranking.flatMap((player) =>
    player.finds.map((find) => ({ playerId: player.playerId, ...find })),
  );
  finds.sort((a, b) => a.at - b.at);
  await db.transaction(async (tx) => {
    const inserted = await tx.query(
      `INSERT INTO games (id, room_code, scope, mode, settings, started_at, ended_at,
         scope_places, scope_population, population_share, missed)
       VALUES ($1, $2, $3, $4, $5::jsonb, to_timestamp($6::float8 / 1000), to_timestamp($7::float8 / 1000),
         $8, $9, $10, $11::jsonb)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        results.gameId,
        results.code,
        results.settings.scope,
        results.settings.mode,
        JSON.stringify(results.settings),
        results.startedAt,
        results.endedAt,
        results.totals.places,
        results.totals.population,
        results.populationShare,
        JSON.stringify(missed),
      ],
    );
    if (inserted.length === 0) return;
    for (const player of results.ranking) {
      await tx.query(
        `INSERT INTO game_players (game_id, player_id, nickname, color, rank, score, population, capitals)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          results.gameId,
          player.playerId,
          storable(player.nickname),
          player.color,
          player.rank,
          player.score,
          player.population,
          player.capitals,
        ],
      );
    }
    if (finds.length > 0) {
      await tx.query(
        `INSERT INTO game_finds (game_id, seq, player_id, place, found_at)
         SELECT $1, f.seq, f.player_id, f.place, to_timestamp(f.at / 1000)
         FROM unnest($2::int[], $3::text[], $4::jsonb[], $5::float8[]) AS f(seq, player_id, place, at)`,
        [
          results.gameId,
          finds.map((_, i) => i + 1),
          finds.map((f) => f.playerId),
          finds.map((f) => JSON.stringify(f.place)),
          finds.map((f) => f.at),
        ],
      );
    }
  });
}

interface GameRow {
  id: string;
  room_code: string;
  settings: Settings | string;
  started_at: number;
  ended_at: number;
  scope_places: number;
  scope_population: number;
  population_share: number;
  missed: Place[] | string;
}

const json = <T>(value: T | string): T =>
  typeof value === 'string' ? (JSON.parse(value) as T) : value;

/** A saved game as `game:ended` carried it, or undefined for an unknown id. */
export async function loadGame(db: Queryable, gameId: string): Promise<GameEnded | undefined> {
  const [game] = await db.query<GameRow>(
    `SELECT id, room_code, settings,
       extract(epoch FROM started_at)::float8 * 1000 AS started_at,
       extract(epoch FROM ended_at)::float8 * 1000 AS ended_at,
       scope_places, scope_population::float8 AS scope_population, population_share, missed
     FROM games WHERE id = $1`,
    [gameId],
  );
  if (!game) return undefined;
  const players = await db.query<{
    player_id: string;
    nickname: string;
    color: string;
    rank: number;
    score: number;
    population: number;
    capitals: number;
  }>(
    `SELECT player_id, nickname, color, rank, score, population::float8 AS population, capitals
     FROM game_players WHERE game_id = $1 ORDER BY rank, nickname`,
    [gameId],
  );
  const finds = await db.query<{ player_id: string; place: Place | string; at: number }>(
    `SELECT player_id, place, extract(epoch FROM found_at)::float8 * 1000 AS at
     FROM game_finds WHERE game_id = $1 ORDER BY seq`,
    [gameId],
  );
  const ranking: PlayerResult[] = players.map((p) => ({
    playerId: p.player_id,
    nickname: p.nickname,
    color: p.color,
    rank: p.rank,
    score: p.score,
    population: p.population,
    capitals: p.capitals,
    finds: finds
      .filter((f) => f.player_id === p.player_id)
      .map((f) => ({ place: json<Place>(f.place), at: Math.round(f.at) })),
  }));
  return {
    results: {
      gameId: game.id,
      code: game.room_code,
      settings: json<Settings>(game.settings),
      startedAt: Math.round(game.started_at),
      endedAt: Math.round(game.ended_at),
      ranking,
      populationShare: game.population_share,
      totals: { places: game.scope_places, population: game.scope_population },
    },
    missed: json<Place[]>(game.missed),
    saved: true,
  };
}
