/**
 * The daily quiz over HTTP (feature `daily`): what `GET /api/daily` and
 * `GET /api/daily/board` answer, read by the client and the tests.
 */

/** How many days a daily board is kept, today included; older ones are deleted. */
export const DAILY_BOARD_DAYS = 30;

/** A date of the daily quiz: YYYY-MM-DD, in UTC. */
export const DAILY_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** `GET /api/daily`: today's quiz, the same for everyone. */
export interface DailyQuizInfo {
  /** The quiz's number: #1 was the launch day. */
  number: number;
  /** The day, UTC, YYYY-MM-DD. */
  date: string;
  /** The scope id (`DE`, `US-CA`). */
  scope: string;
  /** The scope's English name. */
  name: string;
  /** The scope's totals: how many places there are to name, and their population. */
  places: number;
  population: number;
  /** When the next quiz begins (midnight UTC), ms since the epoch. */
  endsAt: number;
}

/** One browser's entry on a day's board; nicknames only, never a browser id. */
export interface DailyBoardEntry {
  rank: number;
  nickname: string;
  places: number;
  /** The share of the scope's population the player's places hold, 0–1. */
  populationShare: number;
  /** When the game ended, ms since the epoch. */
  finishedAt: number;
}

/** `GET /api/daily/board?date=YYYY-MM-DD`: the day's entries, best first. */
export interface DailyBoard {
  number: number;
  date: string;
  scope: string;
  name: string;
  entries: DailyBoardEntry[];
  /** The days whose boards are kept, newest first (today and the 29 before it, none before the launch). */
  days: string[];
}
