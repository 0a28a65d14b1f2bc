import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mergeArcs } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { countryInfo } from '../../db/gazetteer/countries.js';
import { featureCode, polygonCode } from './atlas-codes.js';
import type { GeoBox } from './geo-box.js';

/** Natural Earth's scales: 1:110m (world maps), 1:50m, 1:10m (small countries stay readable). */
export type Detail = '110m' | '50m' | '10m';

/** Coarse to fine, the order in which a shape missing at one detail is looked for at the next. */
export const DETAILS: readonly Detail[] = ['110m', '50m', '10m'];

/** A polygon as TopoJSON writes it: rings of arc indices, `~i` for arc i reversed. */
export type ArcPolygon = number[][];

export interface AtlasTransform {
  scale: [number, number];
  translate: [number, number];
}

/** One country's outline at one detail: every polygon of every atlas feature that is part of it. */
export interface AtlasCountry {
  /** ISO 3166-1 alpha-2, or null for land no country claims (Spratly Is., Siachen Glacier). */
  code: string | null;
  name: string;
  polygons: readonly ArcPolygon[];
  /** Per polygon, the box of its outer ring. */
  boxes: readonly GeoBox[];
  /** How many positions its arcs hold: what it weighs in a response. */
  points: number;
}

/**
 * One world-atlas file, decoded once: its arcs as absolute quantised
 * positions in typed arrays (a tenth of the memory of the parsed JSON), its
 * countries keyed by ISO code.
 */
export interface Atlas {
  detail: Detail;
  transform: AtlasTransform;
  countries: readonly AtlasCountry[];
  country(code: string): AtlasCountry | undefined;
  /** Arc `arc`'s positions, `[x0, y0, x1, y1, ...]` on the atlas' quantisation grid. */
  arcPositions(arc: number): Int32Array;
}

interface CountryProperties {
  name?: string;
}

type AtlasTopology = Topology<{ countries: GeometryCollection<CountryProperties> }>;

const require = createRequire(import.meta.url);
const loaded = new Map<Detail, Atlas>();

/** The atlas at a detail, read and decoded on first use (the 10m file is 3.6 MB of JSON). */
export function loadAtlas(detail: Detail): Atlas {
  let atlas = loaded.get(detail);
  if (!atlas) {
    const path = require.resolve(`world-atlas/countries-${detail}.json`);
    atlas = decodeAtlas(detail, JSON.parse(readFileSync(path, 'utf8')) as AtlasTopology);
    loaded.set(detail, atlas);
  }
  return atlas;
}

export function arcIndex(ref: number): number {
  return ref < 0 ? ~ref : ref;
}

function decodeAtlas(detail: Detail, topology: AtlasTopology): Atlas {
  const { transform } = topology;
  if (!transform) throw new Error(`world-atlas countries-${detail} is not quantised`);
  const atlasTransform: AtlasTransform = {
    scale: [transform.scale[0], transform.scale[1]],
    translate: [transform.translate[0], transform.translate[1]],
  };
  const offsets = new Uint32Array(topology.arcs.length + 1);
  topology.arcs.forEach((arc, i) => (offsets[i + 1] = offsets[i]! + arc.length));
  const positions = new Int32Array(2 * offsets[topology.arcs.length]!);
  const [kx, ky] = atlasTransform.scale;
  const [tx, ty] = atlasTransform.translate;
  // Per arc, in degrees: west, east, south, north, and west and east again with
  // longitudes taken from 0 to 360, so polygon boxes need no second pass over
  // the positions and can tell a polygon that crosses the antimeridian.
  const arcBoxes = new Float64Array(6 * topology.arcs.length);
  topology.arcs.forEach((arc, i) => {
    let x = 0;
    let y = 0;
    let k = 2 * offsets[i]!;
    const box = [Infinity, -Infinity, Infinity, -Infinity, Infinity, -Infinity];
    for (const [dx, dy] of arc) {
      x += dx!;
      y += dy!;
      positions[k++] = x;
      positions[k++] = y;
      const lon = x * kx + tx;
      const lat = y * ky + ty;
      const eastward = lon < 0 ? lon + 360 : lon;
      box[0] = Math.min(box[0]!, lon);
      box[1] = Math.max(box[1]!, lon);
      box[2] = Math.min(box[2]!, lat);
      box[3] = Math.max(box[3]!, lat);
      box[4] = Math.min(box[4]!, eastward);
      box[5] = Math.max(box[5]!, eastward);
    }
    arcBoxes.set(box, 6 * i);
  });

  /**
   * The box of a polygon's outer ring. world-atlas stitches polygons cut at
   * the antimeridian back together (Russia's mainland reaches from 27°E to
   * 169°W in one ring), so of the two ways round, the narrower one is its box.
   */
  const polygonBox = (polygon: ArcPolygon): GeoBox => {
    const box = [Infinity, -Infinity, Infinity, -Infinity, Infinity, -Infinity];
    for (const ref of polygon[0] ?? []) {
      const i = 6 * arcIndex(ref);
      for (let j = 0; j < 6; j += 2) {
        box[j] = Math.min(box[j]!, arcBoxes[i + j]!);
        box[j + 1] = Math.max(box[j + 1]!, arcBoxes[i + j + 1]!);
      }
    }
    const [west, east, south, north, eastwardWest, eastwardEast] = box as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const eastwardWidth = eastwardEast - eastwardWest;
    // Both ways round wider than a half turn: the ring goes round a pole (Antarctica).
    if (eastwardWidth >= east - west || eastwardWidth >= 180) return [west, south, east, north];
    const wrap = (lon: number) => (lon >= 180 ? lon - 360 : lon);
    return [wrap(eastwardWest), south, wrap(eastwardEast), north];
  };

  const countPoints = (polygons: readonly ArcPolygon[]): number => {
    const arcs = new Set(polygons.flat(2).map(arcIndex));
    let points = 0;
    for (const arc of arcs) points += offsets[arc + 1]! - offsets[arc]!;
    return points;
  };

  const countries = groupCountries(topology, polygonBox, countPoints);
  const byCode = new Map<string, AtlasCountry>();
  for (const country of countries) if (country.code) byCode.set(country.code, country);
  return {
    detail,
    transform: atlasTransform,
    countries,
    country: (code) => byCode.get(code),
    arcPositions: (arc) => positions.subarray(2 * offsets[arc]!, 2 * offsets[arc + 1]!),
  };
}

interface CountryParts {
  code: string | null;
  atlasName: string;
  polygons: ArcPolygon[];
  features: Set<number>;
}

/**
 * One entry per country: folded territories split off, areas without a code
 * joined to the country they belong to, and the borders inside a country
 * made of several atlas features (Cyprus and N. Cyprus) dissolved.
 */
function groupCountries(
  topology: AtlasTopology,
  polygonBox: (polygon: ArcPolygon) => GeoBox,
  countPoints: (polygons: readonly ArcPolygon[]) => number,
): AtlasCountry[] {
  const parts = new Map<string, CountryParts>();
  topology.objects.countries.geometries.forEach((geometry, featureIndex) => {
    if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') return;
    const atlasName = geometry.properties?.name ?? '';
    const feature = { code: featureCode(geometry.id, atlasName), atlasName };
    const polygons = geometry.type === 'Polygon' ? [geometry.arcs] : geometry.arcs;
    for (const polygon of polygons) {
      const code = polygonCode(feature, polygonBox(polygon));
      // Land without a code is kept apart by name: Spratly Is. and Siachen Glacier are not one place.
      const key = code ?? `unclaimed:${atlasName}`;
      let entry = parts.get(key);
      if (!entry) {
        entry = { code, atlasName, polygons: [], features: new Set() };
        parts.set(key, entry);
      }
      entry.polygons.push(polygon);
      entry.features.add(featureIndex);
    }
  });
  return [...parts.values()].map(({ code, atlasName, polygons, features }) => {
    const merged =
      features.size > 1
        ? mergeArcs(
            topology,
            polygons.map((arcs) => ({ type: 'Polygon', arcs })),
          ).arcs
        : polygons;
    const boxes = merged.map(polygonBox);
    return {
      code,
      name: (code && countryInfo(code)?.name) || atlasName,
      polygons: merged,
      boxes,
      points: countPoints(merged),
    };
  });
}
