/**
 * How places are named for people: "Lyon · Auvergne-Rhône-Alpes" rather than
 * GeoNames' "(FR, 84)", with the country added where the quiz spans several
 * ("Lyon · Auvergne-Rhône-Alpes, France"). DOM-free, so it is unit-tested.
 */
import type { Place } from '../../protocol/types.js';

export class PlaceNamer {
  /**
   * @param regions Region names by `country.admin1` (GET /api/regions/:scope).
   * @param countries Country names by code (the country scopes' names).
   * @param withCountry Whether the quiz spans several countries (a continent, the world).
   */
  constructor(
    private readonly regions: Readonly<Record<string, string>>,
    private readonly countries: ReadonlyMap<string, string>,
    private readonly withCountry: boolean,
  ) {}

  /** Where the place lies: "Auvergne-Rhône-Alpes", or "Auvergne-Rhône-Alpes, France". */
  where(place: Place): string {
    const named = this.regions[`${place.country}.${place.admin1}`];
    // A city that is its own region (Hamburg, Bremen) is not named twice.
    const region = named === place.name ? undefined : named;
    const country = this.withCountry
      ? (this.countries.get(place.country) ?? place.country)
      : undefined;
    return [region, country].filter(Boolean).join(', ');
  }

  /** "Lyon · Auvergne-Rhône-Alpes"; the bare name where nothing is known of its region. */
  label(place: Place): string {
    const where = this.where(place);
    return where ? `${place.name} · ${where}` : place.name;
  }
}

/**
 * Whether a quiz of this kind spans several countries, so that a place's
 * country is worth naming: not in a country's quiz, nor in a region's (whose
 * country and division are the quiz's own); a kind this client does not
 * know yet counts as several.
 */
export function spansCountries(kind: string | undefined): boolean {
  return kind !== 'country' && kind !== 'region';
}

/** A namer that knows no region yet: names and, in multi-country quizzes, countries. */
export const plainNamer = (countries: ReadonlyMap<string, string>, withCountry: boolean) =>
  new PlaceNamer({}, countries, withCountry);
