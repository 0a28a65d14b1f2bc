/**
 * How a scope's map (GET /api/maps/:scope) is drawn, apart from any drawing
 * library: its TopoJSON turned into features, the projection fitted to them,
 * and marker sizes. The browser's live map and the server's share image
 * (server/share/results-svg.ts) both use it, so a shared picture shows the
 * map the players saw. Free of the DOM so that Node can load it.
 */
import { geoAzimuthalEqualArea, geoEqualEarth, type GeoProjection } from 'd3-geo';
import type { FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';

export interface ShapeProperties {
  code?: string;
  name?: string;
  inScope?: boolean;
  /** A region drawn as the outline of its places, not its true border (server/maps/region-shapes.ts). */
  approximate?: boolean;
}
export type Shapes = FeatureCollection<Geometry, ShapeProperties>;

export interface LoadedShapes {
  shapes: Shapes;
  /** The centre to turn the projection to; null for the world. */
  center: [number, number] | null;
}

/** The padding between the scope and the map's edge, in pixels. */
const FIT_PADDING = 12;

/** Marker radius in screen pixels: bigger for bigger places, readable for villages. */
export function markerRadius(population: number): number {
  return Math.min(9, 2.2 + Math.sqrt(Math.max(population, 0)) / 250);
}

/** The features of a map as GET /api/maps/:scope sends it (its only object, `countries`). */
export function shapesOf(map: {
  topology: Topology;
  center: [number, number] | null;
}): LoadedShapes {
  const { topology, center } = map;
  const name = Object.keys(topology.objects)[0]!;
  return { shapes: feature(topology, topology.objects[name]!) as unknown as Shapes, center };
}

/**
 * The world in an equal-area projection; a continent or a country in an
 * azimuthal one turned to its centre, which keeps countries across the
 * antimeridian (Russia, Fiji, the US with Alaska) in one piece — fitted so
 * the scope's own countries fill a map of `width` × `height`.
 */
export function fittedProjection(
  scope: string,
  { shapes, center }: LoadedShapes,
  width: number,
  height: number,
): GeoProjection {
  const projection =
    scope === 'world' || !center
      ? geoEqualEarth()
      : geoAzimuthalEqualArea().rotate([-center[0], -center[1]]);
  const inScope: Shapes = {
    type: 'FeatureCollection',
    features: shapes.features.filter((f) => f.properties?.inScope !== false),
  };
  return projection.fitExtent(
    [
      [FIT_PADDING, FIT_PADDING],
      [width - FIT_PADDING, height - FIT_PADDING],
    ],
    inScope.features.length > 0 ? inScope : ({ type: 'Sphere' } as never),
  );
}
