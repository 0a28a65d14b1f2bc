/**
 * The daily counts in the database (`daily_counts`, db/migrations/005_visits.sql),
 * on PGlite and PostgreSQL alike. Nodes add their counts to the same rows:
 * `count = count + excluded.count`, so no node overwrites another's.
 */
import type { Queryable } from '../../db/database.js';
import {
  MAX_REPORTED_KEYS,
  type CountKind,
  type KeyCount,
  type VisitorsReport,
} from '../../protocol/visits.js';
import type { DailyCount } from './daily-tally.js';

export const VISITS_CSV_HEADER = 'day,kind,key,count';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A field as CSV wants it: quoted when it holds a comma, a quote or a line break. */
const csvField = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** The days from `from` to `to` (YYYY-MM-DD), both included. */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += DAY_MS) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

export class DailyCountStore {
  constructor(private readonly db: Queryable) {}

  /** Adds `rows` to the counts, in one statement. */
  async add(rows: readonly DailyCount[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `INSERT INTO daily_counts (day, kind, key, count)
       SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::integer[])
       ON CONFLICT (day, kind, key) DO UPDATE SET count = daily_counts.count + excluded.count`,
      [
        rows.map((r) => r.day),
        rows.map((r) => r.kind),
        rows.map((r) => r.key),
        rows.map((r) => r.count),
      ],
    );
  }

  /** The report of the days from `from` to `to` (YYYY-MM-DD, UTC), both included. */
  async report(from: string, to: string): Promise<VisitorsReport> {
    const [perDay, totals] = await Promise.all([
      this.db.query<{ day: string; kind: CountKind; n: number }>(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, sum(count)::integer AS n
         FROM daily_counts
         WHERE kind IN ('page', 'game_started', 'game_finished')
           AND day BETWEEN $1::date AND $2::date
         GROUP BY day, kind`,
        [from, to],
      ),
      this.db.query<{ kind: CountKind; key: string; count: number }>(
        `SELECT kind, key, sum(count)::integer AS count
         FROM daily_counts WHERE day BETWEEN $1::date AND $2::date
         GROUP BY kind, key ORDER BY count DESC, key`,
        [from, to],
      ),
    ]);
    const ofDay = (kind: CountKind, day: string) =>
      perDay.find((row) => row.kind === kind && row.day === day)?.n ?? 0;
    const days = daysBetween(from, to);
    const top = (kind: CountKind): KeyCount[] =>
      totals
        .filter((row) => row.kind === kind)
        .slice(0, MAX_REPORTED_KEYS)
        .map(({ key, count }) => ({ key, count }));
    return {
      from,
      to,
      viewsPerDay: days.map((day) => ({ day, views: ofDay('page', day) })),
      gamesPerDay: days.map((day) => ({
        day,
        started: ofDay('game_started', day),
        finished: ofDay('game_finished', day),
      })),
      pages: top('page'),
      referrers: top('referrer'),
      browsers: top('browser'),
      screens: top('screen'),
      games: gamesPerQuiz(
        top('game_started'),
        totals.filter((r) => r.kind === 'game_finished'),
      ),
    };
  }

  /** Every row, oldest day first: `day,kind,key,count`. */
  async csv(): Promise<string> {
    const rows = await this.db.query<{ day: string; kind: string; key: string; count: number }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, key, count
       FROM daily_counts ORDER BY day, kind, count DESC, key`,
    );
    const lines = rows.map((r) => [r.day, r.kind, csvField(r.key), r.count].join(','));
    return [VISITS_CSV_HEADER, ...lines].map((line) => `${line}\n`).join('');
  }
}

/** The most started quizzes with their finished games (a game started before the period may finish in it). */
function gamesPerQuiz(
  started: readonly KeyCount[],
  finished: readonly KeyCount[],
): VisitorsReport['games'] {
  const finishedOf = new Map(finished.map((row) => [row.key, row.count]));
  const games = started.map(({ key, count }) => ({
    scope: key,
    started: count,
    finished: finishedOf.get(key) ?? 0,
  }));
  for (const { key, count } of finished) {
    if (games.length >= MAX_REPORTED_KEYS) break;
    if (!games.some((g) => g.scope === key))
      games.push({ scope: key, started: 0, finished: count });
  }
  return games;
}
