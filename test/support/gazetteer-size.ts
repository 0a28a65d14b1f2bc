/**
 * How many places the imported gazetteer holds: GeoNames' cities500 (199,568
 * records) less its 6,290 sections of towns and former places and
 * Marseille's 16 numbered arrondissements (db/gazetteer/sections.ts), plus
 * the 358 cities of 100,000 people or more it lacks, added from SimpleMaps
 * (db/gazetteer/second-source.ts).
 */
export const IMPORTED_PLACES = 193_620;
