/**
 * The daily boards in the database (db/migrations/008_daily.sql): an entry
 * per browser and day, written when a daily game ends (the first game of a
 * browser that day is its entry: the primary key turns later ones away, on
 * one node or many), the day's entries best first, and the days older than
 * the boards are kept deleted.
 */
import type { Database } from '../../db/database.js';
import { DAILY_BOARD_DAYS, type DailyBoardEntry } from '../../protocol/daily.js';
import type { DailyStanding, GameResults } from '../../protocol/types.js';
import { addDays, dailyDateOf } from './daily-rotation.js';

/** The order of a board: most places, then the larger share of the population, then who finished first. */
const BOARD_ORDER = 'places DESC, population_share DESC, finished_at ASC, browser_id ASC';

/** PostgreSQL's text holds no NUL (nicknames come cleaned; this keeps an odd one from losing the entry). */
const storable = (text: string) => text.replaceAll('\u0000', '');

/** The first day still kept when today is `today`. */
export const oldestKept = (today: string) => addDays(today, 1 - DAILY_BOARD_DAYS);

export class DailyBoardStore {
  /** `clock`: server time in ms, which says which day is today. */
  constructor(
    private readonly db: Database,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Today's date by the store's clock. */
  today(): string {
    return dailyDateOf(this.clock());
  }

  /**
   * Writes the entries of a finished daily game: one for each player who
   * came from a browser and named a place, unless that browser has one for
   * the day already; and deletes the boards no longer kept (cheap, indexed,
   * and no timer to run on every node). Answers where each player stands now.
   */
  async record(
    results: GameResults,
    browsers: Readonly<Record<string, string>>,
  ): Promise<DailyStanding[]> {
    const { daily } = results;
    if (!daily) return [];
    const players = results.ranking.filter((p) => browsers[p.playerId] && p.score > 0);
    const population = results.totals.population;
    const written = new Set<string>();
    for (const player of players) {
      const rows = await this.db.query<{ browser_id: string }>(
        `INSERT INTO daily_results (date, browser_id, scope, nickname, places, population_share,
           finished_at, game_id, player_id)
         VALUES ($1::date, $2, $3, $4, $5, $6, to_timestamp($7::float8 / 1000), $8, $9)
         ON CONFLICT (date, browser_id) DO NOTHING RETURNING browser_id`,
        [
          daily.date,
          browsers[player.playerId],
          results.settings.scope,
          storable(player.nickname),
          player.score,
          population > 0 ? player.population / population : 0,
          results.endedAt,
          results.gameId,
          player.playerId,
        ],
      );
      if (rows.length > 0) written.add(player.playerId);
    }
    await this.deleteOlderThan(oldestKept(this.today()));
    return this.standings(daily.date, results, browsers, written);
  }

  /** The board of `date`, best first, nicknames only. */
  async board(date: string): Promise<DailyBoardEntry[]> {
    const rows = await this.db.query<{
      nickname: string;
      places: number;
      population_share: number;
      finished_ms: number | string;
    }>(
      `SELECT nickname, places, population_share,
         (extract(epoch FROM finished_at) * 1000)::float8 AS finished_ms
       FROM daily_results WHERE date = $1::date ORDER BY ${BOARD_ORDER}`,
      [date],
    );
    return rankEntries(
      rows.map((row) => ({
        rank: 0,
        nickname: row.nickname,
        places: Number(row.places),
        populationShare: Number(row.population_share),
        finishedAt: Math.round(Number(row.finished_ms)),
      })),
    );
  }

  /** Deletes the boards older than the kept days; how many entries went. */
  async deleteOlderThan(oldest: string): Promise<number> {
    const rows = await this.db.query(
      'DELETE FROM daily_results WHERE date < $1::date RETURNING browser_id',
      [oldest],
    );
    return rows.length;
  }

  private async standings(
    date: string,
    results: GameResults,
    browsers: Readonly<Record<string, string>>,
    written: ReadonlySet<string>,
  ): Promise<DailyStanding[]> {
    const ranked = await this.db.query<{
      browser_id: string;
      rank: number | string;
      total: number | string;
    }>(
      `SELECT browser_id, rank, total FROM (
         SELECT browser_id, rank() OVER (ORDER BY places DESC, population_share DESC) AS rank,
           count(*) OVER () AS total
         FROM daily_results WHERE date = $1::date) AS board
       WHERE browser_id = ANY($2::text[])`,
      [date, Object.values(browsers)],
    );
    const rankOf = new Map(ranked.map((row) => [row.browser_id, Number(row.rank)]));
    const entries = ranked[0] ? Number(ranked[0].total) : await this.count(date);
    return results.ranking.map((player) => {
      const browser = browsers[player.playerId];
      return {
        playerId: player.playerId,
        entry: written.has(player.playerId),
        rank: (browser ? rankOf.get(browser) : undefined) ?? null,
        entries,
      };
    });
  }

  private async count(date: string): Promise<number> {
    const [row] = await this.db.query<{ n: number | string }>(
      'SELECT count(*) AS n FROM daily_results WHERE date = $1::date',
      [date],
    );
    return Number(row?.n ?? 0);
  }
}

/** Ranks a board in order: equal places and share share a rank (the time only orders them). */
function rankEntries(entries: DailyBoardEntry[]): DailyBoardEntry[] {
  entries.forEach((entry, i) => {
    const previous = entries[i - 1];
    entry.rank =
      previous &&
      previous.places === entry.places &&
      previous.populationShare === entry.populationShare
        ? previous.rank
        : i + 1;
  });
  return entries;
}
