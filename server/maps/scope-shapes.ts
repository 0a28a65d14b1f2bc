import type { Topology } from 'topojson-specification';
import type { ScopeKind } from '../places/gazetteer.js';
import { DETAILS, loadAtlas, type Atlas, type AtlasCountry, type Detail } from './atlas.js';
import {
  boxCenter,
  boxesIntersect,
  lonWidth,
  padBox,
  unionBoxes,
  WHOLE_WORLD,
  type GeoBox,
} from './geo-box.js';
import { TopologyBuilder } from './topology-builder.js';

/** A scope as the map needs it: what kind it is and which countries it covers. */
export interface ScopeDefinition {
  id: string;
  kind: ScopeKind;
  /** ISO 3166-1 alpha-2 codes of the countries in scope. */
  countries: readonly string[];
}

/** The Natural Earth scale of the countries in scope, and of the land drawn around them. */
export interface Details {
  inScope: Detail;
  context: Detail;
}

/** What `GET /api/maps/:scope` sends: the outlines to draw and where to point the projection. */
export interface ScopeShapes {
  scope: string;
  kind: ScopeKind;
  /**
   * A country in scope too small for its detail (Malta on the world map)
   * comes from the next finer one instead.
   */
  detail: Details;
  /**
   * `[west, south, east, north]` around the countries in scope; `west > east`
   * when it crosses the antimeridian. Null when none of them has an outline.
   */
  bbox: GeoBox | null;
  /** The middle of `bbox`: rotate the projection to its longitude so the scope is drawn in one piece. */
  center: [lon: number, lat: number] | null;
  /** Countries in scope that no detail of the atlas draws. */
  missing: string[];
  /**
   * TopoJSON: `objects.countries` is a GeometryCollection whose geometries
   * carry `properties: { code, name, inScope }` (`code` null for land no
   * country claims). Context comes first, so drawing in order puts the
   * scope on top.
   */
  topology: Topology;
}

const DETAILS_BY_KIND: Record<ScopeKind, Details> = {
  world: { inScope: '110m', context: '110m' },
  continent: { inScope: '50m', context: '110m' },
  country: { inScope: '10m', context: '50m' },
  // A region's own details are chosen in region-shapes.ts.
  region: { inScope: '10m', context: '10m' },
};

/**
 * 10m keeps small countries readable but gives the largest ones far more
 * points than a screen can show: Canada has 68,000 (565 KB of JSON) where 50m
 * draws it with 11,600. Above this many points at 10m (Canada, Russia, the
 * US, Antarctica, Greenland, Indonesia, Chile) a country is drawn at 50m
 * with its context at 110m; China (14,100) and everything smaller stay at 10m.
 */
export const COUNTRY_POINT_BUDGET = 15_000;

function detailsFor(scope: ScopeDefinition, atlas: (detail: Detail) => Atlas): Details {
  if (scope.kind !== 'country') return DETAILS_BY_KIND[scope.kind];
  const fine = atlas('10m').country(scope.id);
  // Drawn as finely as on its continent's map.
  if (fine && fine.points > COUNTRY_POINT_BUDGET) return DETAILS_BY_KIND.continent;
  return DETAILS_BY_KIND.country;
}

/**
 * How far around the scope context is drawn: half the scope's larger side,
 * at least enough to show a small country's surroundings, at most enough
 * for the edges of a continent's map.
 */
export function contextMargin(box: GeoBox): number {
  const side = Math.max(lonWidth(box), box[3] - box[1]);
  return Math.min(10, Math.max(1.5, side / 2));
}

interface Pick {
  atlas: Atlas;
  country: AtlasCountry;
}

/** Where a country's outline comes from: the detail asked for, or the next finer one that has it. */
function findCountry(code: string, from: Detail, atlas: (detail: Detail) => Atlas): Pick | null {
  for (const detail of DETAILS.slice(DETAILS.indexOf(from))) {
    const country = atlas(detail).country(code);
    if (country) return { atlas: atlas(detail), country };
  }
  return null;
}

const round = (value: number) => Math.round(value * 1e4) / 1e4;

/**
 * The outlines of a scope: its countries at a detail fit for its size, the
 * land around it at a lower one (all of it for the world, so the map has no
 * holes), and the box to fit the projection to.
 */
export function prepareScopeShapes(
  scope: ScopeDefinition,
  atlas: (detail: Detail) => Atlas = loadAtlas,
): ScopeShapes {
  const details = detailsFor(scope, atlas);
  const inScopeCodes = new Set(scope.countries);
  const picks: Pick[] = [];
  const missing: string[] = [];
  for (const code of inScopeCodes) {
    const pick = findCountry(code, details.inScope, atlas);
    if (pick) picks.push(pick);
    else missing.push(code);
  }

  const box = unionBoxes(picks.flatMap((pick) => pick.country.boxes));
  const around = scope.kind === 'world' ? WHOLE_WORLD : box && padBox(box, contextMargin(box));
  const context: Pick[] = [];
  const contextPolygons = new Map<AtlasCountry, number[]>();
  if (around) {
    const contextAtlas = atlas(details.context);
    for (const country of contextAtlas.countries) {
      if (country.code && inScopeCodes.has(country.code)) continue;
      // Only the polygons in view: France's context for Germany leaves French Guiana behind.
      const visible = country.boxes.flatMap((b, i) => (boxesIntersect(b, around) ? [i] : []));
      if (visible.length === 0) continue;
      context.push({ atlas: contextAtlas, country });
      contextPolygons.set(country, visible);
    }
  }

  const finest = DETAILS.findLast((detail) =>
    [...picks, ...context].some((pick) => pick.atlas.detail === detail),
  );
  const builder = new TopologyBuilder(atlas(finest ?? details.inScope).transform);
  for (const { atlas: source, country } of context) {
    const polygons = contextPolygons.get(country)!.map((i) => country.polygons[i]!);
    builder.add(source, polygons, { code: country.code, name: country.name, inScope: false });
  }
  for (const { atlas: source, country } of picks) {
    builder.add(source, country.polygons, {
      code: country.code,
      name: country.name,
      inScope: true,
    });
  }

  return {
    scope: scope.id,
    kind: scope.kind,
    detail: details,
    bbox: box && (box.map(round) as GeoBox),
    center: box && (boxCenter(box).map(round) as [number, number]),
    missing,
    topology: builder.build(),
  };
}
