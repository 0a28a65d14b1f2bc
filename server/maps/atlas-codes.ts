import isoCountries from 'i18n-iso-countries';
import { boxCenter, type GeoBox } from './geo-box.js';

/**
 * Natural Earth draws a few areas that have no ISO 3166-1 code of their own
 * (world-atlas leaves their id out). Each goes to the country GeoNames files
 * their places under, so a find there lands inside its scope's outline.
 * Areas missing here (Siachen Glacier, Spratly Is., reefs and banks, ...)
 * stay land without a country: drawn as context, never in a scope.
 */
const UNCODED_AREAS: ReadonlyMap<string, string> = new Map([
  ['Kosovo', 'XK'],
  ['N. Cyprus', 'CY'],
  ['Cyprus U.N. Buffer Zone', 'CY'],
  ['Akrotiri', 'CY'],
  ['Dhekelia', 'CY'],
  ['Somaliland', 'SO'],
  ['Baikonur', 'KZ'],
  ['USNB Guantanamo Bay', 'CU'],
]);

interface FoldedTerritory {
  code: string;
  /** The atlas feature holding it: its country code, or its name when it has none. */
  foldedInto: string;
  box: GeoBox;
}

/**
 * Territories ISO 3166-1 and GeoNames count as countries but Natural Earth
 * folds into another feature, told apart by where their islands lie. Left
 * folded, France would reach from French Guiana to Réunion and a map of
 * France would show half the globe, while GF, RE, ... had no outline at all.
 */
const FOLDED_TERRITORIES: readonly FoldedTerritory[] = [
  { code: 'GF', foldedInto: 'FR', box: [-55, 1.5, -51, 6.5] },
  { code: 'GP', foldedInto: 'FR', box: [-62, 15.7, -60.8, 16.6] },
  { code: 'MQ', foldedInto: 'FR', box: [-61.4, 14.3, -60.7, 15] },
  { code: 'RE', foldedInto: 'FR', box: [55, -21.6, 56, -20.6] },
  { code: 'YT', foldedInto: 'FR', box: [44.8, -13.2, 45.5, -12.5] },
  { code: 'SJ', foldedInto: 'NO', box: [10, 74, 35, 81.5] },
  { code: 'SJ', foldedInto: 'NO', box: [-9.5, 70.5, -7.5, 71.5] },
  { code: 'BV', foldedInto: 'NO', box: [3, -55, 4, -54] },
  { code: 'BQ', foldedInto: 'NL', box: [-69, 11.5, -62.5, 18] },
  { code: 'TK', foldedInto: 'NZ', box: [-173, -10, -171, -8] },
  { code: 'CX', foldedInto: 'Indian Ocean Ter.', box: [105, -11, 106.2, -10] },
  { code: 'CC', foldedInto: 'Indian Ocean Ter.', box: [96.5, -12.5, 97.2, -11.5] },
];

/** The ISO 3166-1 alpha-2 code of an atlas feature, or null for land no country claims. */
export function featureCode(id: string | number | undefined, atlasName: string): string | null {
  if (id !== undefined) return isoCountries.numericToAlpha2(id) ?? null;
  return UNCODED_AREAS.get(atlasName) ?? null;
}

/**
 * The code of one polygon of a feature: a folded territory's when the
 * polygon lies in it, otherwise the feature's own.
 */
export function polygonCode(
  feature: { code: string | null; atlasName: string },
  polygonBox: GeoBox,
): string | null {
  const [lon, lat] = boxCenter(polygonBox);
  const territory = FOLDED_TERRITORIES.find(
    ({ foldedInto, box }) =>
      (foldedInto === feature.code || foldedInto === feature.atlasName) &&
      lon >= box[0] &&
      lon <= box[2] &&
      lat >= box[1] &&
      lat <= box[3],
  );
  return territory?.code ?? feature.code;
}
