/**
 * Child process of bench/places.ts: the memory of a server holding the name
 * index of every scope in process (every name of every place preloaded into
 * the in-process tier). Prints one JSON line.
 */
import { openDatabase } from '../db/open-database.js';
import { readConfig } from '../server/config.js';
import { createPlaces } from '../server/places/create-places.js';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const config = readConfig(process.env);
const db = await openDatabase(config);
const places = await createPlaces({ db, memoryEntries: config.placeCacheEntries });
gc();
const before = process.memoryUsage();
const started = performance.now();
const names = await places.index.preload();
const seconds = (performance.now() - started) / 1000;
gc();
const after = process.memoryUsage();
// The guesses must now be answered without the database.
const probe = await places.resolver.resolveGuess('DE', 'Köln');
console.log(
  JSON.stringify({
    names,
    seconds,
    rssBeforeMb: before.rss / 2 ** 20,
    rssAfterMb: after.rss / 2 ** 20,
    heapAfterMb: after.heapUsed / 2 ** 20,
    databaseLookups: places.index.counts.database.hits,
    probe: probe[0]?.name,
  }),
);
await db.close();
