/** The area a first-level division's places cover, gathered during the import. */
export class DivisionExtent {
  minLat = Infinity;
  maxLat = -Infinity;
  minLon = Infinity;
  maxLon = -Infinity;

  add(lat: number, lon: number): void {
    this.minLat = Math.min(this.minLat, lat);
    this.maxLat = Math.max(this.maxLat, lat);
    this.minLon = Math.min(this.minLon, lon);
    this.maxLon = Math.max(this.maxLon, lon);
  }

  /** Whether a point lies inside the extent grown by `margin` degrees on each side. */
  contains(lat: number, lon: number, margin: number): boolean {
    return (
      lat >= this.minLat - margin &&
      lat <= this.maxLat + margin &&
      lon >= this.minLon - margin &&
      lon <= this.maxLon + margin
    );
  }
}

export interface Admin1Name {
  country: string;
  code: string;
  name: string;
}

/** How far (degrees) a division's reference point may lie outside its places' extent. */
const EXTENT_MARGIN = 1;

/**
 * Names for GeoNames first-level division codes, where we can trust one.
 *
 * GeoNames uses ISO 3166-2 subdivision codes for some countries (the US
 * states: `IL`) and its own or FIPS codes for others (Germany: `02`).
 * country-state-city names subdivisions by ISO code, so a name is taken only
 * where the codes are equal and the subdivision's reference point lies within
 * the extent of the places GeoNames files under that code. Numeric codes that
 * merely coincide (GeoNames' `40` is Tokyo, ISO's `JP-40` is Fukuoka) fail the
 * second test.
 */
export async function admin1Names(
  extents: ReadonlyMap<string, DivisionExtent>,
): Promise<Admin1Name[]> {
  // Loaded only while importing: the package holds every city of the world
  // and would cost a running server some 60 MB.
  const { State } = await import('country-state-city');
  const names: Admin1Name[] = [];
  const statesByCountry = new Map<string, ReturnType<typeof State.getStatesOfCountry>>();
  for (const [division, extent] of extents) {
    const [country, code] = division.split('.') as [string, string];
    if (code === '') continue;
    let states = statesByCountry.get(country);
    if (states === undefined) {
      states = State.getStatesOfCountry(country);
      statesByCountry.set(country, states);
    }
    const state = states.find((s) => s.isoCode === code);
    if (state?.latitude == null || state.longitude == null) continue;
    if (extent.contains(Number(state.latitude), Number(state.longitude), EXTENT_MARGIN)) {
      names.push({ country, code, name: state.name });
    }
  }
  return names;
}
