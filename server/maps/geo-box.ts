/**
 * Bounding boxes on the sphere, as GeoJSON (RFC 7946 §5) writes them:
 * `[west, south, east, north]` in degrees, with `west > east` for a box that
 * crosses the antimeridian. Russia, Fiji, the United States with the
 * Aleutians and Oceania all do; a plain min/max over longitudes would turn
 * each of them into a box around the whole world.
 */
export type GeoBox = [west: number, south: number, east: number, north: number];

export const WHOLE_WORLD: GeoBox = [-180, -90, 180, 90];

/** Degrees of longitude a box spans, 0 to 360. */
export function lonWidth([west, , east]: GeoBox): number {
  return east >= west ? east - west : east - west + 360;
}

/** The box's longitudes as one or two intervals that do not cross the antimeridian. */
function lonSpans([west, , east]: GeoBox): [number, number][] {
  return east >= west
    ? [[west, east]]
    : [
        [west, 180],
        [-180, east],
      ];
}

/**
 * The smallest box holding every box given: its longitudes leave out the
 * widest stretch no box touches, wherever that stretch lies. Null for none.
 */
export function unionBoxes(boxes: readonly GeoBox[]): GeoBox | null {
  if (boxes.length === 0) return null;
  const spans = boxes.flatMap(lonSpans).sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [west, east] of spans) {
    const last = merged.at(-1);
    if (last && west <= last[1]) last[1] = Math.max(last[1], east);
    else merged.push([west, east]);
  }
  const first = merged[0]!;
  const last = merged.at(-1)!;
  // Preferring the gap across the antimeridian on a tie keeps boxes of ordinary shapes uncrossed.
  let widestGap = first[0] + 360 - last[1];
  let west = first[0];
  let east = last[1];
  for (let i = 1; i < merged.length; i++) {
    const gap = merged[i]![0] - merged[i - 1]![1];
    if (gap > widestGap) {
      widestGap = gap;
      west = merged[i]![0];
      east = merged[i - 1]![1];
    }
  }
  if (widestGap <= 0) {
    west = -180;
    east = 180;
  }
  const south = Math.min(...boxes.map((box) => box[1]));
  const north = Math.max(...boxes.map((box) => box[3]));
  return [west, south, east, north];
}

function wrapLon(lon: number): number {
  if (lon < -180) return lon + 360;
  if (lon > 180) return lon - 360;
  return lon;
}

/** The box grown by `margin` degrees on every side, clamped at the poles. */
export function padBox(box: GeoBox, margin: number): GeoBox {
  const [west, south, east, north] = box;
  const lat: [number, number] = [Math.max(-90, south - margin), Math.min(90, north + margin)];
  if (lonWidth(box) + 2 * margin >= 360) return [-180, lat[0], 180, lat[1]];
  return [wrapLon(west - margin), lat[0], wrapLon(east + margin), lat[1]];
}

export function boxesIntersect(a: GeoBox, b: GeoBox): boolean {
  if (a[1] > b[3] || b[1] > a[3]) return false;
  return lonSpans(a).some(([aw, ae]) => lonSpans(b).some(([bw, be]) => aw <= be && bw <= ae));
}

/** The middle of the box: a projection rotated to its longitude shows the box in one piece. */
export function boxCenter(box: GeoBox): [lon: number, lat: number] {
  return [wrapLon(box[0] + lonWidth(box) / 2), (box[1] + box[3]) / 2];
}
