/** A place a guess can claim: a row of the gazetteer as the game uses it. */
export interface Place {
  /** The GeoNames id. */
  id: number;
  name: string;
  /** GeoNames' ASCII spelling of the name; with `name`, what the place itself is called. */
  asciiName: string;
  /** ISO 3166-1 alpha-2 code. */
  country: string;
  /** GeoNames' first-level division code (`IL`, `07`), or '' where it has none. */
  admin1: string;
  population: number;
  lat: number;
  lon: number;
  /** Whether the place is its country's capital (GeoNames feature code PPLC). */
  capital: boolean;
}

/** Claim order among places sharing a name: most populous first, then the older GeoNames id. */
export function byClaimOrder(a: Place, b: Place): number {
  return b.population - a.population || a.id - b.id;
}
