/**
 * The map of a first-level region's quiz: the region in scope, the land
 * around it as context. A US state has its true outline (us-atlas); any
 * other region is drawn as the outline of its places (a concave hull) cut
 * to its country's land, on top of its country: as near to a region's
 * border as its places tell, without an outline package of its own.
 */
import { createRequire } from 'node:module';
import concaveman from 'concaveman';
import type * as PolygonClipping from 'polygon-clipping';
import { arcIndex, loadAtlas, type Atlas, type AtlasCountry, type Detail } from './atlas.js';
import { boxCenter, boxesIntersect, padBox, unionBoxes, type GeoBox } from './geo-box.js';
import { COUNTRY_POINT_BUDGET, contextMargin, type ScopeShapes } from './scope-shapes.js';
import { TopologyBuilder, type ShapeProperties } from './topology-builder.js';
import { loadUsStates } from './us-states.js';

/** A region as its map needs it. */
export interface RegionDefinition {
  /** Its scope id, `US-CA`, `DE-BY`. */
  id: string;
  name: string;
  /** Its country, ISO 3166-1 alpha-2. */
  country: string;
  /** Its us-atlas id (the state's FIPS code, `06`) when it is a US state, DC or territory. */
  usFips?: string;
  /** Where its places lie, `[lon, lat]`. */
  points: () => readonly (readonly [number, number])[];
}

/**
 * How concave the outline of a region's places is (concaveman's concavity:
 * 1 hugs the places, large values approach the convex hull), and the edge
 * length, in degrees, below which it stops digging in: coasts and borders
 * read as such, without a fringe around every village.
 */
const CONCAVITY = 1.5;
const SHORTEST_DUG_EDGE = 0.3;

const round = (value: number) => Math.round(value * 1e4) / 1e4;

// polygon-clipping's CommonJS build sets module.exports whole: no named exports for an ES import.
const { intersection } = createRequire(import.meta.url)(
  'polygon-clipping',
) as typeof PolygonClipping;

type Ring = [number, number][];

/** Positive for a ring counterclockwise with north up (x east, y north). */
function twiceSignedArea(ring: readonly (readonly [number, number])[]): number {
  let area = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x0, y0] = ring[i]!;
    const [x1, y1] = ring[(i + 1) % ring.length]!;
    area += x0 * y1 - x1 * y0;
  }
  return area;
}

/** A ring turned as d3-geo wants it: an exterior clockwise, a hole counterclockwise. */
function turned(ring: Ring, exterior: boolean): Ring {
  const counterclockwise = twiceSignedArea(ring) > 0;
  return counterclockwise === exterior ? ring.reverse() : ring;
}

/** A ring of atlas arcs as `[lon, lat]` positions, each junction between two arcs once. */
function ringCoordinates(atlas: Atlas, ring: readonly number[]): Ring {
  const [kx, ky] = atlas.transform.scale;
  const [tx, ty] = atlas.transform.translate;
  const coordinates: Ring = [];
  for (const ref of ring) {
    const positions = atlas.arcPositions(arcIndex(ref));
    const count = positions.length / 2;
    for (let j = coordinates.length === 0 ? 0 : 1; j < count; j++) {
      const k = ref < 0 ? count - 1 - j : j;
      coordinates.push([positions[2 * k]! * kx + tx, positions[2 * k + 1]! * ky + ty]);
    }
  }
  return coordinates;
}

/**
 * The outline of a region's places cut to its country's land, so that it
 * follows the coast and stays out of the neighbours (Bavaria's hull would
 * take in a corner of Austria, the Canary Islands' the sea between them).
 * The outline itself where the cut leaves nothing or fails.
 */
function cutToLand(outline: Ring, land: Ring[][]): Ring[][] {
  if (land.length === 0) return [[outline]];
  try {
    const cut = intersection([outline], land);
    if (cut.length === 0) return [[outline]];
    return cut.map((polygon) =>
      polygon.map((ring, i) => {
        const open = ring.slice(0, -1) as Ring; // polygon-clipping repeats the first position
        return turned(open, i === 0);
      }),
    );
  } catch {
    return [[outline]];
  }
}

/** The land around a region: countries of the context atlas whose polygons reach into `around`. */
function contextCountries(
  atlas: Atlas,
  around: GeoBox,
  skip: (country: AtlasCountry) => boolean,
): { country: AtlasCountry; polygons: number[] }[] {
  const found: { country: AtlasCountry; polygons: number[] }[] = [];
  for (const country of atlas.countries) {
    if (skip(country)) continue;
    const visible = country.boxes.flatMap((b, i) => (boxesIntersect(b, around) ? [i] : []));
    if (visible.length > 0) found.push({ country, polygons: visible });
  }
  return found;
}

/**
 * The outline of a region's places: a concave hull, its exterior ring
 * clockwise as d3-geo expects (the other way round it would be the rest of
 * the globe). Longitudes are taken past 180° for a region across the
 * antimeridian, so that the hull is drawn in one piece.
 */
export function placesOutline(
  points: readonly (readonly [number, number])[],
  box: GeoBox,
): [number, number][] {
  const across = box[0] > box[2];
  const unwrapped = points.map(([lon, lat]) => [across && lon < 0 ? lon + 360 : lon, lat]);
  let ring: [number, number][];
  if (unwrapped.length >= 3) {
    ring = concaveman(unwrapped, CONCAVITY, SHORTEST_DUG_EDGE).map(
      ([lon, lat]) => [lon!, lat!] as [number, number],
    );
    ring.pop(); // concaveman closes the ring; the topology builder closes it again.
  } else {
    ring = [];
  }
  if (ring.length < 3) {
    // Too few places for an area: a small square around them.
    const [west, south, east, north] = padBox(box, 0.05);
    ring = [
      [west, south],
      [west, north],
      [east, north],
      [east, south],
    ];
  }
  return grown(
    turned(ring, true),
    Math.max(MIN_MARGIN, OUTLINE_MARGIN * Math.max(box[3] - box[1], 1)),
  );
}

/**
 * The hull runs through its outermost places: grown by a little, their
 * markers sit inside the shaded area instead of on its edge.
 */
const OUTLINE_MARGIN = 0.01;
const MIN_MARGIN = 0.02;

/**
 * A clockwise ring (north up) moved outward by about `margin` degrees: each
 * corner along the mean of its two edges' outward normals.
 */
function grown(ring: [number, number][], margin: number): [number, number][] {
  const normal = (from: [number, number], to: [number, number]): [number, number] => {
    const [dx, dy] = [to[0] - from[0], to[1] - from[1]];
    const length = Math.hypot(dx, dy) || 1;
    // Walking a clockwise ring, the outside is on the left.
    return [-dy / length, dx / length];
  };
  return ring.map((corner, i) => {
    const before = normal(ring[(i - 1 + ring.length) % ring.length]!, corner);
    const after = normal(corner, ring[(i + 1) % ring.length]!);
    const [nx, ny] = [before[0] + after[0], before[1] + after[1]];
    const length = Math.hypot(nx, ny);
    if (length < 1e-9) return corner;
    return [corner[0] + (margin * nx) / length, corner[1] + (margin * ny) / length];
  });
}

/** The outlines of a region's quiz, in the shape of every scope's map (ScopeShapes). */
export function prepareRegionShapes(
  region: RegionDefinition,
  atlas: (detail: Detail) => Atlas = loadAtlas,
  usStates: () => Atlas = loadUsStates,
): ScopeShapes {
  const parent = atlas('10m').country(region.country);
  // As on the country's own map: the largest countries at 50m, the others at 10m.
  const contextDetail: Detail = parent && parent.points > COUNTRY_POINT_BUDGET ? '50m' : '10m';
  const contextAtlas = atlas(contextDetail);
  const states = region.usFips === undefined ? undefined : usStates();
  const state = region.usFips === undefined ? undefined : states?.country(region.usFips);
  const own: ShapeProperties = { code: region.id, name: region.name, inScope: true };

  let box: GeoBox | null;
  let builder: TopologyBuilder;
  let addRegion: () => void;
  let contextStates: { country: AtlasCountry; polygons: number[] }[] = [];
  if (state && states) {
    box = unionBoxes(state.boxes);
    builder = new TopologyBuilder(states.transform);
    addRegion = () => builder.add(states, state.polygons, own);
  } else {
    const points = region.points();
    box = unionBoxes(points.map(([lon, lat]) => [lon, lat, lon, lat] as GeoBox));
    builder = new TopologyBuilder(contextAtlas.transform);
    const outline = box && placesOutline(points, box);
    const regionBox = box;
    // Cut in plain longitudes: not for the rare region across the antimeridian.
    const country = parent && regionBox && regionBox[0] <= regionBox[2] ? parent : undefined;
    const land = (country?.polygons ?? [])
      .filter((_, i) => boxesIntersect(country!.boxes[i]!, padBox(regionBox!, 0.1)))
      .map((polygon) => polygon.map((ring) => ringCoordinates(atlas('10m'), ring)));
    addRegion = () =>
      outline && builder.addCoordinates(cutToLand(outline, land), { ...own, approximate: true });
  }

  if (box) {
    const around = padBox(box, contextMargin(box));
    // A state's neighbours are states; the world atlas' United States would cover them.
    const skipParent = state !== undefined;
    const context = contextCountries(
      contextAtlas,
      around,
      (country) => skipParent && country.code === region.country,
    );
    if (states && state) {
      contextStates = contextCountries(states, around, (other) => other === state);
    }
    for (const { country, polygons } of context) {
      builder.add(
        contextAtlas,
        polygons.map((i) => country.polygons[i]!),
        { code: country.code, name: country.name, inScope: false },
      );
    }
    for (const { country, polygons } of contextStates) {
      builder.add(
        states!,
        polygons.map((i) => country.polygons[i]!),
        { code: null, name: country.name, inScope: false },
      );
    }
    addRegion();
  }

  return {
    scope: region.id,
    kind: 'region',
    detail: { inScope: state ? '10m' : contextDetail, context: contextDetail },
    bbox: box && (box.map(round) as GeoBox),
    center: box && (boxCenter(box).map(round) as [number, number]),
    missing: box ? [] : [region.id],
    topology: builder.build(),
  };
}
