/**
 * The map's geometry, apart from any drawing: a scope's outlines as served by
 * GET /api/maps/:scope, the projection fitted to them, and marker sizes. The
 * PixiJS map and the benchmark's SVG baseline both use it, so they draw the
 * same map. The geometry itself lives in protocol/map-projection.ts, where
 * the server's share image uses it too; this module adds the fetch.
 */
import type { Topology } from 'topojson-specification';
import { shapesOf, type LoadedShapes } from '../../../protocol/map-projection.js';

export {
  fittedProjection,
  markerRadius,
  shapesOf,
  type LoadedShapes,
  type ShapeProperties,
  type Shapes,
} from '../../../protocol/map-projection.js';

export async function loadShapes(scope: string): Promise<LoadedShapes> {
  const response = await fetch(`/api/maps/${encodeURIComponent(scope)}`);
  if (!response.ok) throw new Error(`map of ${scope}: HTTP ${response.status}`);
  return shapesOf((await response.json()) as Pick<LoadedShapes, 'center'> & { topology: Topology });
}
