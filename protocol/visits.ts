/**
 * Visitors without personal data (issue 17): the page-view beacon a browser
 * sends (POST /api/visit), what the server counts per day, and the
 * operator's report of it (GET /admin/api/visitors). Not part of protocol v1.
 */
import { z } from 'zod';

/**
 * The client's routes, as patterns: a room's code or a game's id is never
 * sent, so a page view cannot lead to a room or a player.
 */
export const VISIT_PAGES = ['/', '/about', '/r/:code', '/g/:id', '/stats/:scope'] as const;
export type VisitPage = (typeof VISIT_PAGES)[number];

/** A document.referrer is at most a URL; anything longer is not one. */
export const MAX_REFERRER_CHARS = 2000;

/**
 * One screen shown. `referrer` (document.referrer, possibly empty) only on
 * the first screen of a page load; the server keeps its domain at most.
 * `width`: the window's width in CSS pixels, kept as a screen class.
 * Unknown fields are refused: only our client posts here.
 */
export const VisitBeacon = z.strictObject({
  page: z.enum(VISIT_PAGES),
  referrer: z.string().max(MAX_REFERRER_CHARS).optional(),
  width: z.number().int().min(0).max(100_000),
});
export type VisitBeacon = z.infer<typeof VisitBeacon>;

/** What is counted per day; a row of the table `daily_counts` and of the CSV is a day, a kind, a key and a count. */
export const COUNT_KINDS = [
  'page',
  'referrer',
  'browser',
  'screen',
  'game_started',
  'game_finished',
] as const;
export type CountKind = (typeof COUNT_KINDS)[number];

export const BROWSER_FAMILIES = [
  'Chrome',
  'Firefox',
  'Safari',
  'Edge',
  'Samsung Internet',
  'Opera',
  'other',
] as const;
export type BrowserFamily = (typeof BROWSER_FAMILIES)[number];

export type ScreenClass = 'phone' | 'tablet' | 'desktop';

/** The referrer key of a visit that came from no page (typed, bookmarked, an app). */
export const DIRECT = '(direct)';
/** The key of what cannot be named: a referrer that is no web page, or past the keys counted per day. */
export const OTHER = '(other)';

export interface KeyCount {
  key: string;
  count: number;
}

/** GET /admin/api/visitors?days=N: the last N days (UTC), today included. */
export interface VisitorsReport {
  /** The first and the last day of the period, YYYY-MM-DD. */
  from: string;
  to: string;
  /** Every day of the period, oldest first; 0 where nothing was counted. */
  viewsPerDay: { day: string; views: number }[];
  /** Games started and finished on every day of the period, oldest first (all quizzes). */
  gamesPerDay: { day: string; started: number; finished: number }[];
  /** Over the period, largest first (at most MAX_REPORTED_KEYS each). */
  pages: KeyCount[];
  referrers: KeyCount[];
  browsers: KeyCount[];
  screens: KeyCount[];
  /** Per quiz (scope id), most started first. */
  games: { scope: string; started: number; finished: number }[];
}

export const MAX_REPORTED_KEYS = 20;
