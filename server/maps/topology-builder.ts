import type { Topology } from 'topojson-specification';
import { arcIndex, type ArcPolygon, type Atlas, type AtlasTransform } from './atlas.js';

export interface ShapeProperties {
  code: string | null;
  name: string;
  inScope: boolean;
  /** A region drawn as the outline of its places, not as its true border (region-shapes.ts). */
  approximate?: boolean;
}

/** The object name under which the countries lie: `topology.objects.countries`. */
export const COUNTRIES_OBJECT = 'countries';

/**
 * Writes a TopoJSON topology of polygons picked from several atlases. Only the
 * arcs the polygons use are kept. The atlases quantise on slightly different
 * grids, so every arc is moved onto the grid of one of them (the finest, as
 * the caller picks it): its own arcs stay exact, the others move by at most
 * half a grid step (0.0018°, ~200 m), invisible at the detail they are drawn.
 */
export class TopologyBuilder {
  private readonly arcs: number[][][] = [];
  private readonly arcIds = new Map<Atlas, Map<number, number>>();
  private readonly geometries: Topology['objects'][string][] = [];

  constructor(private readonly transform: AtlasTransform) {}

  add(atlas: Atlas, polygons: readonly ArcPolygon[], properties: ShapeProperties): void {
    const rewritten = polygons.map((rings) =>
      rings.map((ring) => ring.map((ref) => this.arcRef(atlas, ref))),
    );
    this.geometries.push(
      rewritten.length === 1
        ? { type: 'Polygon', arcs: rewritten[0]!, properties }
        : { type: 'MultiPolygon', arcs: rewritten, properties },
    );
  }

  /**
   * Polygons given as rings of `[lon, lat]` rather than atlas arcs (a
   * region's outline), quantised on this topology's grid, one arc per ring,
   * each closed; several polygons make one MultiPolygon.
   */
  addCoordinates(
    polygons: readonly (readonly (readonly [number, number])[])[][],
    properties: ShapeProperties,
  ): void {
    const [KX, KY] = this.transform.scale;
    const [TX, TY] = this.transform.translate;
    const arcsOf = (ring: readonly (readonly [number, number])[]) => {
      const encoded: number[][] = [];
      let lastX = 0;
      let lastY = 0;
      for (const [lon, lat] of [...ring, ring[0]!]) {
        const x = Math.round((lon - TX) / KX);
        const y = Math.round((lat - TY) / KY);
        encoded.push([x - lastX, y - lastY]);
        lastX = x;
        lastY = y;
      }
      return [this.arcs.push(encoded) - 1];
    };
    const rings = polygons.map((polygon) => polygon.map(arcsOf));
    this.geometries.push(
      rings.length === 1
        ? { type: 'Polygon', arcs: rings[0]!, properties }
        : { type: 'MultiPolygon', arcs: rings, properties },
    );
  }

  build(): Topology {
    return {
      type: 'Topology',
      transform: this.transform,
      objects: { [COUNTRIES_OBJECT]: { type: 'GeometryCollection', geometries: this.geometries } },
      arcs: this.arcs,
    };
  }

  private arcRef(atlas: Atlas, ref: number): number {
    let ids = this.arcIds.get(atlas);
    if (!ids) {
      ids = new Map();
      this.arcIds.set(atlas, ids);
    }
    const source = arcIndex(ref);
    let id = ids.get(source);
    if (id === undefined) {
      id = this.arcs.push(this.encodeArc(atlas, source)) - 1;
      ids.set(source, id);
    }
    return ref < 0 ? ~id : id;
  }

  /** The arc delta-encoded on this topology's grid, less points that land on the one before. */
  private encodeArc(atlas: Atlas, arc: number): number[][] {
    const positions = atlas.arcPositions(arc);
    const [kx, ky] = atlas.transform.scale;
    const [tx, ty] = atlas.transform.translate;
    const [KX, KY] = this.transform.scale;
    const [TX, TY] = this.transform.translate;
    const same = kx === KX && ky === KY && tx === TX && ty === TY;
    const encoded: number[][] = [];
    let lastX = 0;
    let lastY = 0;
    for (let i = 0; i < positions.length; i += 2) {
      const x = same ? positions[i]! : Math.round((positions[i]! * kx + tx - TX) / KX);
      const y = same ? positions[i + 1]! : Math.round((positions[i + 1]! * ky + ty - TY) / KY);
      const last = i === positions.length - 2;
      if (i > 0 && x === lastX && y === lastY && !(last && encoded.length < 2)) continue;
      encoded.push([x - lastX, y - lastY]);
      lastX = x;
      lastY = y;
    }
    return encoded;
  }
}
