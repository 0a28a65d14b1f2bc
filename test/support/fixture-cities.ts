import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A geoname row with the columns cities500 has, from the fields we use. */
function row(p: {
  id: number;
  name: string;
  ascii: string;
  alternates: string;
  country: string;
  admin1: string;
  population: number;
  feature?: string;
}): string {
  const feature = p.feature ?? 'PPL';
  return [
    p.id,
    p.name,
    p.ascii,
    p.alternates,
    '50.1',
    '8.6',
    'P',
    feature,
    p.country,
    '',
    p.admin1,
    '',
    '',
    '',
    p.population,
    '',
    '100',
    'Europe/Berlin',
    '2024-01-01',
  ].join('\t');
}

/** A tiny cities file: two Frankfurts (different sizes), Köln with codes among its alternates. */
export const FIXTURE_ROWS = [
  row({
    id: 1,
    name: 'Köln',
    ascii: 'Koln',
    alternates: 'CGN,Cologne,Koeln,Кёльн,50667',
    country: 'DE',
    admin1: '07',
    population: 963395,
  }),
  row({
    id: 2,
    name: 'Frankfurt am Main',
    ascii: 'Frankfurt am Main',
    alternates: 'Frankfurt,FRA',
    country: 'DE',
    admin1: '05',
    population: 650000,
  }),
  row({
    id: 3,
    name: 'Frankfurt (Oder)',
    ascii: 'Frankfurt (Oder)',
    alternates: 'Frankfurt',
    country: 'DE',
    admin1: '11',
    population: 58000,
  }),
  row({
    id: 4,
    name: 'Berlin',
    ascii: 'Berlin',
    alternates: 'Berlín',
    country: 'DE',
    admin1: '16',
    population: 3426354,
    feature: 'PPLC',
  }),
];

/** Writes `rows` as a cities file in a new temporary directory; returns its path. */
export function writeCitiesFixture(rows: readonly string[] = FIXTURE_ROWS): string {
  const path = join(mkdtempSync(join(tmpdir(), 'placerace-cities-')), 'cities.txt');
  writeFileSync(path, rows.join('\n') + '\n');
  return path;
}
