/** A quiz's "What people name" figures turned into what GET /api/stats/:scope answers. */
import {
  MAP_PLACES,
  NAMING_TABLE_ROWS,
  RARELY_NAMED_SHARE,
  type NamedPlace,
  type NamingStats,
} from '../../protocol/naming-stats.js';
import type { Place } from '../../protocol/types.js';
import type { NamingFigures } from './naming-figures.js';

/** The quiz's most populous places whose ids are not in `skip`, largest first, at most `limit`. */
export type LargestPlaces = (skip: ReadonlySet<number>, limit: number) => Place[];

/** By share, then population, both descending; the id settles the rest, so the order is stable. */
const byShareThenPopulation = (a: NamedPlace, b: NamedPlace) =>
  b.share - a.share || b.place.population - a.place.population || a.place.id - b.place.id;

export function namingReport(
  scope: { id: string; name: string },
  figures: NamingFigures,
  largest: LargestPlaces,
): NamingStats {
  const { games } = figures;
  const named: NamedPlace[] = games
    ? figures.places.map(({ place, gamesNamed }) => ({ place, share: gamesNamed / games }))
    : [];
  const shareOf = new Map(named.map((n) => [n.place.id, n.share]));
  const mostNamed = [...named].sort(byShareThenPopulation).slice(0, NAMING_TABLE_ROWS);
  // The biggest places of the quiz, named or not, skipping those named often enough.
  const oftenNamed = new Set(
    named.filter((n) => n.share >= RARELY_NAMED_SHARE).map((n) => n.place.id),
  );
  const rarelyNamed: NamedPlace[] =
    games === 0
      ? []
      : largest(oftenNamed, NAMING_TABLE_ROWS).map((place) => ({
          place,
          share: shareOf.get(place.id) ?? 0,
        }));
  const forMap = [...named].sort(byShareThenPopulation).slice(0, MAP_PLACES).reverse();
  return {
    scope: scope.id,
    name: scope.name,
    games,
    medianPopulationShare: figures.medianPopulationShare,
    updatedAt: figures.updatedAt,
    mostNamed,
    rarelyNamed,
    places: {
      ids: forMap.map((n) => n.place.id),
      names: forMap.map((n) => n.place.name),
      lat: forMap.map((n) => n.place.lat),
      lon: forMap.map((n) => n.place.lon),
      population: forMap.map((n) => n.place.population),
      share: forMap.map((n) => Math.round(n.share * 10000) / 10000),
    },
  };
}
