/**
 * Which scopes take turns as the daily quiz: countries and regions (any
 * kind but the world and the continents, so that kinds added later join by
 * themselves) with enough places for ten minutes of real play.
 */
import type { Scope } from '../places/gazetteer.js';

/** Fewer places than this make a quiz over in a minute (Monaco, Nauru). */
export const DAILY_MIN_PLACES = 300;

export function dailyCandidates(scopes: readonly Scope[]): Scope[] {
  return scopes.filter(
    (scope) =>
      scope.kind !== 'world' && scope.kind !== 'continent' && scope.places >= DAILY_MIN_PLACES,
  );
}
