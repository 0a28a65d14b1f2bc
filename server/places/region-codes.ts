/**
 * ISO 3166-2 codes of GeoNames' first-level divisions ("DE.02" → `DE-BY`,
 * "FR.84" → `FR-ARA`, "US.CA" → `US-CA`), from the iso3166-2-db package
 * (MIT), whose regions carry GeoNames' admin1 code beside their ISO one.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** What a region scope's id may look like: a country code, a dash, one to three letters or digits. */
export const REGION_ID = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;

interface RegionEntry {
  iso: string;
  fips: string;
  admin: string;
}

type RegionFile = Record<string, { regions?: RegionEntry[] }>;

export interface RegionCode {
  /** The ISO 3166-2 suffix (`BY`, `ARA`), or undefined where the package has none. */
  iso?: string;
  /** The FIPS code the package gives it: for US states, the state's FIPS number (`06`), us-atlas' id. */
  fips?: string;
}

let codes: ReadonlyMap<string, RegionCode> | undefined;

/**
 * The package's codes by `country.admin1`, read once on first use: the file
 * is 0.8 MB of JSON, read only by a node that loads the gazetteer.
 */
export function regionCodes(): ReadonlyMap<string, RegionCode> {
  if (codes) return codes;
  const path = createRequire(import.meta.url).resolve('iso3166-2-db/i18n/en.json');
  const file = JSON.parse(readFileSync(path, 'utf8')) as RegionFile;
  const found = new Map<string, RegionCode>();
  for (const [country, { regions = [] }] of Object.entries(file)) {
    for (const { iso, fips, admin } of regions) {
      if (!admin) continue;
      found.set(`${country}.${admin}`, {
        iso: /^[A-Z0-9]{1,3}$/.test(iso) ? iso : undefined,
        fips: fips || undefined,
      });
    }
  }
  codes = found;
  return codes;
}

/**
 * Region scope ids for divisions (`country`, GeoNames `admin1`): the ISO
 * 3166-2 code where the package maps the division, else `${country}-${admin1}`;
 * a division whose id would be malformed or taken gets none.
 */
export function regionIds(
  divisions: readonly { country: string; admin1: string }[],
): Map<string, string> {
  const known = regionCodes();
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  const assign = (key: string, id: string) => {
    if (!REGION_ID.test(id) || taken.has(id)) return false;
    ids.set(key, id);
    taken.add(id);
    return true;
  };
  // ISO codes first, so that a fallback never takes the code of a mapped division.
  const fallbacks: { key: string; id: string }[] = [];
  for (const { country, admin1 } of divisions) {
    const key = `${country}.${admin1}`;
    const iso = known.get(key)?.iso;
    const fallback = `${country}-${admin1}`;
    if (iso === undefined || !assign(key, `${country}-${iso}`))
      fallbacks.push({ key, id: fallback });
  }
  for (const { key, id } of fallbacks) assign(key, id);
  return ids;
}
