/**
 * "What people name" (issue 19): a quiz's statistics from its saved games,
 * GET /api/stats/:scope, and the shares of a few places for the results,
 * GET /api/stats/:scope/shares?ids=…. Not part of protocol v1; no player,
 * nickname or game is ever in them.
 */
import { z } from 'zod';
import type { Place } from './types.js';

/** How many places each table lists. */
export const NAMING_TABLE_ROWS = 25;
/** A place is "rarely named" below this share of a quiz's games. */
export const RARELY_NAMED_SHARE = 0.1;
/** The map shows at most this many places, the most named (a world quiz's players name tens of thousands). */
export const MAP_PLACES = 5000;
/** The most place ids one request for shares may ask about. */
export const MAX_SHARE_IDS = 200;

/** `ids=1,2,3`: GeoNames ids, positive, comma-separated, at most MAX_SHARE_IDS of them. */
export const ShareIdsQuery = z.strictObject({
  ids: z
    .string()
    .max(MAX_SHARE_IDS * 11)
    .regex(/^[1-9]\d{0,9}(,[1-9]\d{0,9})*$/)
    .transform((text) => [...new Set(text.split(',').map(Number))])
    .refine((ids) => ids.length <= MAX_SHARE_IDS && ids.every((id) => id <= 2 ** 31 - 1)),
});

/** A place and the share of the quiz's counted games that named it (0 to 1). */
export interface NamedPlace {
  place: Place;
  share: number;
}

export interface NamingStats {
  scope: string;
  /** The quiz's English name. */
  name: string;
  /** Saved games counted. */
  games: number;
  /** The median game's share of the quiz's population named (0 to 1); 0 without games. */
  medianPopulationShare: number;
  /** When the figures were last brought up to date, ms since the epoch; null before the first run. */
  updatedAt: number | null;
  /** The places most games named: share, then population, descending. */
  mostNamed: NamedPlace[];
  /** The biggest places named in fewer than RARELY_NAMED_SHARE of the games, population descending. */
  rarelyNamed: NamedPlace[];
  /**
   * Every place named at least once (the MAP_PLACES most named when there are
   * more), as columns for the map (names for its labels, populations for its
   * dots' sizes), share ascending so that the most named are drawn last, on top.
   */
  places: {
    ids: number[];
    names: string[];
    lat: number[];
    lon: number[];
    population: number[];
    share: number[];
  };
}

/** GET /api/stats/:scope/shares: the share of each asked place that any game named. */
export interface NamingShares {
  scope: string;
  games: number;
  /** By place id; places no counted game named are absent (share 0). */
  shares: Record<string, number>;
}
