/**
 * What a backup holds: the game's own data (saved games, the hourly history,
 * the visitor counts, and any table a later migration adds), as pg_dump's
 * plain SQL. Not the gazetteer: it is some 70 MB of the database, made again
 * from the npm packages by every start or restore, and not the record of
 * migrations: a restore applies the release's own.
 */

/** The tables the gazetteer import fills, and the migrations' record. */
export const REBUILT_TABLES = [
  'meta',
  'countries',
  'admin1_divisions',
  'places',
  'place_names',
  'place_compact_names',
  'schema_migrations',
] as const;

/**
 * pg_dump's arguments for both dumps (PostgreSQL's binary, PGlite's
 * WebAssembly build): rows only, one INSERT with column names per 100 rows,
 * so that a dump loads into a newer schema (added columns take their
 * defaults) and into either database with a plain `exec`.
 */
export const DUMP_ARGS: readonly string[] = [
  '--data-only',
  '--column-inserts',
  '--rows-per-insert=100',
  '--no-owner',
  '--no-privileges',
  ...REBUILT_TABLES.map((table) => `--exclude-table=public.${table}`),
];

/**
 * The dump's statements without its session settings and psql's
 * meta-commands (`\restrict`, which pg_dump writes since 2025): the settings
 * would outlive the restore on the connection (an empty search_path) or name
 * a parameter an older server lacks (PGlite's pg_dump 18 writes
 * transaction_timeout), and a driver's `exec` cannot run a meta-command. The
 * INSERTs name their tables in full (public.games), so nothing else is needed.
 */
export function dumpStatements(dump: string): string {
  return dump
    .split('\n')
    .filter(
      (line) =>
        !line.startsWith('\\') &&
        !/^SET [a-z_]+ = /.test(line) &&
        !line.startsWith('SELECT pg_catalog.set_config('),
    )
    .join('\n');
}
