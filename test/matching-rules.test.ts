/**
 * The rules that make matching trustworthy (issue 13), on small fixtures:
 * alternate names find a place but never farm others, sections of towns are
 * not places, spaces and hyphens are optional.
 */
import { compactKey } from '../db/gazetteer/accepted-names.js';
import type { CityRecord } from '../db/gazetteer/read-cities.js';
import { NOT_PLACES, numberedSections } from '../db/gazetteer/sections.js';
import { claimable, isOwnName } from '../server/places/claimable.js';
import type { Place } from '../server/places/place.js';

let nextId = 1;
function place(name: string, population: number, asciiName = name): Place {
  return {
    id: nextId++,
    name,
    asciiName,
    country: 'US',
    admin1: 'XX',
    population,
    lat: 0,
    lon: 0,
    capital: false,
  };
}

describe('alternate names find, they do not farm', () => {
  const brooklynNY = place('Brooklyn', 2_736_074);
  const brooklynMD = place('Brooklyn', 13_252);
  const oshkosh = place('Oshkosh', 66_816); // carries "Brooklyn" among its alternate names
  const brooklynOH = place('Brooklyn', 10_899);

  test("a text claims the places it is the own name of, and never another's stray name", () => {
    expect(claimable('brooklyn', [brooklynNY, oshkosh, brooklynMD, brooklynOH])).toEqual([
      brooklynNY,
      brooklynMD,
      brooklynOH,
    ]);
  });

  test('an alternate name claims the most populous match of the text, and only that one', () => {
    const beijing = place('Beijing', 18_960_744);
    const kosciusko = place('Kosciusko', 7_000); // "Peking" among its alternate names
    expect(claimable('peking', [beijing, kosciusko])).toEqual([beijing]);
    const koln = place('Köln', 963_395, 'Koln');
    expect(claimable('cologne', [koln])).toEqual([koln]);
  });

  test("a text that leads a place's own name claims it: Frankfurt, then Frankfurt (Oder)", () => {
    const main = place('Frankfurt am Main', 650_000);
    const oder = place('Frankfurt (Oder)', 57_015);
    expect(claimable('frankfurt', [main, oder])).toEqual([main, oder]);
    expect(isOwnName(oder, 'frankfurt')).toBe(true);
  });

  test('leading means whole words, and the ASCII name counts as the own name', () => {
    expect(isOwnName(place('Parisot', 600), 'paris')).toBe(false);
    expect(isOwnName(place('Parys', 50_000), 'paris')).toBe(false);
    expect(isOwnName(place('Québec', 531_902, 'Quebec'), 'quebec')).toBe(true);
  });

  test('without spaces, a text is the own name of a place whose name has them', () => {
    const aizu = place('Aizu-Wakamatsu', 117_924);
    expect(isOwnName(aizu, 'aizuwakamatsu', true)).toBe(true);
    expect(compactKey('aizu wakamatsu')).toBe('aizuwakamatsu');
    expect(compactKey('berlin')).toBeUndefined();
  });

  test('nothing matched, nothing claimed', () => {
    expect(claimable('nowhere', [])).toEqual([]);
  });
});

function record(
  name: string,
  population: number,
  lat: number,
  lon: number,
  extra: Partial<CityRecord> = {},
): CityRecord {
  return {
    id: nextId++,
    name,
    asciiName: name,
    alternateNames: '',
    lat,
    lon,
    featureCode: 'PPL',
    country: 'FR',
    admin1: '93',
    population,
    ...extra,
  };
}

describe('sections of places are not places', () => {
  test('sections, historical, abandoned and destroyed places are left out by their code', () => {
    expect([...NOT_PLACES].sort()).toEqual(['PPLH', 'PPLQ', 'PPLW', 'PPLX']);
  });

  test("a numbered district within its city's reach double-counts it and is left out", () => {
    const marseille = record('Marseille', 870_731, 43.2965, 5.3698);
    const district = record('Marseille 13', 89_316, 43.35, 5.43, { featureCode: 'PPLA5' });
    const budapest = record('Budapest', 1_741_041, 47.4979, 19.0402, { country: 'HU' });
    const kerulet = record('Budapest XI. kerület', 139_049, 47.47, 19.04, { country: 'HU' });
    const sections = numberedSections([marseille, district, budapest, kerulet]);
    expect([...sections].sort()).toEqual([district.id, kerulet.id].sort());
  });

  test('a numbered place of a small place, far away or in another country stays a place', () => {
    const eskasoni = record('Eskasoni', 3_000, 45.94, -60.62, { country: 'CA' });
    const eskasoni3 = record('Eskasoni 3', 2_120, 45.95, -60.6, { country: 'CA' });
    const lyon = record('Lyon', 522_969, 45.76, 4.84);
    const farAway = record('Lyon 2', 900, 48.0, 2.0);
    const otherCountry = record('Lyon 3', 900, 45.76, 4.84, { country: 'BE' });
    expect(numberedSections([eskasoni, eskasoni3, lyon, farAway, otherCountry]).size).toBe(0);
  });
});
