import { continents, countries } from 'countries-list';

/** A continent scope: `europe`, `north-america`, ... named after countries-list's continent names. */
export interface Continent {
  id: string;
  name: string;
}

export interface CountryInfo {
  code: string;
  name: string;
  /** The id of the continent scope the country belongs to. */
  continent: string;
}

type ContinentCode = keyof typeof continents;

/**
 * Where countries-list and GeoNames' countryInfo disagree, DESIGN.md follows
 * GeoNames. Russia is the one such country among those with places: GeoNames
 * puts it in Europe, where its largest cities are.
 */
const GEONAMES_CONTINENT: ReadonlyMap<string, ContinentCode> = new Map([['RU', 'EU']]);

function continentId(code: ContinentCode): string {
  return continents[code].toLowerCase().replace(/ /g, '-');
}

export const CONTINENTS: readonly Continent[] = (Object.keys(continents) as ContinentCode[]).map(
  (code) => ({ id: continentId(code), name: continents[code] }),
);

/** Name and continent of an ISO 3166-1 alpha-2 code, or undefined for a code countries-list lacks. */
export function countryInfo(code: string): CountryInfo | undefined {
  const country = countries[code as keyof typeof countries];
  if (country === undefined) return undefined;
  const continent = GEONAMES_CONTINENT.get(code) ?? (country.continent as ContinentCode);
  return { code, name: country.name, continent: continentId(continent) };
}
