/**
 * The outlines of the US states, DC and the territories, from the us-atlas
 * package (ISC; the Census Bureau's 1:10m cartographic boundaries), decoded
 * into the same shape as a world-atlas country (atlas.ts) so that the
 * topology builder can take them alike. Keyed by FIPS code ("06" is
 * California), which iso3166-2-db gives each US region.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { arcIndex, type ArcPolygon, type Atlas, type AtlasCountry } from './atlas.js';
import type { GeoBox } from './geo-box.js';

type StatesTopology = Topology<{ states: GeometryCollection<{ name?: string }> }>;

let loaded: Atlas | undefined;

/** The states, read and decoded on first use (states-10m.json is 0.1 MB). */
export function loadUsStates(): Atlas {
  if (loaded) return loaded;
  const path = createRequire(import.meta.url).resolve('us-atlas/states-10m.json');
  loaded = decodeStates(JSON.parse(readFileSync(path, 'utf8')) as StatesTopology);
  return loaded;
}

function decodeStates(topology: StatesTopology): Atlas {
  const { transform } = topology;
  if (!transform) throw new Error('us-atlas states-10m is not quantised');
  const offsets = new Uint32Array(topology.arcs.length + 1);
  topology.arcs.forEach((arc, i) => (offsets[i + 1] = offsets[i]! + arc.length));
  const positions = new Int32Array(2 * offsets[topology.arcs.length]!);
  topology.arcs.forEach((arc, i) => {
    let x = 0;
    let y = 0;
    let k = 2 * offsets[i]!;
    for (const [dx, dy] of arc) {
      positions[k++] = x += dx!;
      positions[k++] = y += dy!;
    }
  });
  const arcPositions = (arc: number) =>
    positions.subarray(2 * offsets[arc]!, 2 * offsets[arc + 1]!);
  const [kx, ky] = transform.scale;
  const [tx, ty] = transform.translate;

  // No state's polygon crosses the antimeridian (the Aleutians west of it are islands of their own).
  const outerBox = (polygon: ArcPolygon): GeoBox => {
    let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const ref of polygon[0] ?? []) {
      const arc = arcPositions(arcIndex(ref));
      for (let i = 0; i < arc.length; i += 2) {
        const lon = arc[i]! * kx + tx;
        const lat = arc[i + 1]! * ky + ty;
        west = Math.min(west, lon);
        east = Math.max(east, lon);
        south = Math.min(south, lat);
        north = Math.max(north, lat);
      }
    }
    return [west, south, east, north];
  };

  const states: AtlasCountry[] = [];
  for (const geometry of topology.objects.states.geometries) {
    if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') continue;
    const polygons = geometry.type === 'Polygon' ? [geometry.arcs] : geometry.arcs;
    const arcs = new Set(polygons.flat(2).map(arcIndex));
    let points = 0;
    for (const arc of arcs) points += offsets[arc + 1]! - offsets[arc]!;
    states.push({
      code: String(geometry.id),
      name: geometry.properties?.name ?? String(geometry.id),
      polygons,
      boxes: polygons.map(outerBox),
      points,
    });
  }
  const byFips = new Map(states.map((state) => [state.code!, state]));
  return {
    detail: '10m',
    transform: { scale: [kx, ky], translate: [tx, ty] },
    countries: states,
    country: (fips) => byFips.get(fips),
    arcPositions,
  };
}
