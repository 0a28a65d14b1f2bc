/**
 * `npm run bench:index`: the compact name index (server/places/name-index.ts)
 * built from the suites' gazetteer (PGlite at TEST_DATA_DIR or data/test;
 * PostgreSQL when DATABASE_URL is set): how long reading and building take,
 * what it holds and what it costs in heap and RSS, and lookups of real names
 * and of misses, p50/p99 in µs; and how long it takes to read it back whole
 * from a file and from Redis (REDIS_URL), as a start does.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { openDatabase } from '../db/open-database.js';
import { createProgress } from '../db/progress.js';
import { setUpDatabase } from '../db/setup.js';
import { loadNameIndex } from '../server/places/load-name-index.js';
import { fromBlob, toBlob } from '../server/places/name-index-blob.js';
import { percentile } from './stats.js';

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  gc?.();
  return { heap: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss };
};
function median(runs: number, work: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    work();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

const db = await openDatabase({
  databaseUrl: process.env.DATABASE_URL,
  dataDir: process.env.TEST_DATA_DIR ?? 'data/test',
});
await setUpDatabase(db, { progress: createProgress() });
const before = heap();
const started = performance.now();
const index = await loadNameIndex(db);
const loadMs = performance.now() - started;
const after = heap();
const sample = (
  await db.query<{ key: string }>('SELECT key FROM place_names WHERE place_id % 97 = 0')
).map((r) => r.key);

console.log(`database: ${db.kind}`);
console.log(
  `index: ${index.placeCount.toLocaleString('en')} places, ${index.nameCount.toLocaleString('en')} names, ${mb(index.bytes)} of typed arrays, text as UTF-8`,
);
console.log(`read from the database and built: ${(loadMs / 1000).toFixed(2)} s`);
console.log(
  `heap +${mb(after.heap - before.heap)}, RSS +${mb(after.rss - before.rss)} (gc ${gc ? 'on' : 'off: run with --expose-gc'})`,
);

function time(label: string, keys: string[], lookup: (key: string) => unknown) {
  for (const key of keys) lookup(key); // warm: the first lookup of a place makes its object
  const micros: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const key of keys) {
      const t = performance.now();
      lookup(key);
      micros.push((performance.now() - t) * 1000);
    }
  }
  micros.sort((a, b) => a - b);
  console.log(
    `${label}: ${keys.length.toLocaleString('en')} keys × 5, p50 ${percentile(micros, 50).toFixed(2)} µs, p99 ${percentile(micros, 99).toFixed(2)} µs`,
  );
}
time('lookup, names', sample, (key) => index.lookup(key));
time(
  'lookup, misses',
  sample.map((key) => `${key}qz`),
  (key) => index.lookup(key),
);
time(
  'lookupCompact',
  sample.map((key) => key.replace(/ /g, '')),
  (key) => index.lookupCompact(key),
);

// Kept whole: a file beside the data, and Redis when REDIS_URL is set.
const blob = toBlob(index, 'bench');
const file = join(mkdtempSync(join(tmpdir(), 'placerace-bench-index-')), 'name-index.bin');
writeFileSync(file, blob);
const fromFileMs = median(3, () => fromBlob(readFileSync(file), 'bench'));
console.log(`blob: ${mb(blob.length)}; read back from a file: median ${fromFileMs.toFixed(0)} ms`);
rmSync(file);
if (process.env.REDIS_URL) {
  const redis = new Redis(process.env.REDIS_URL);
  await redis.set('bench:name-index', blob);
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    fromBlob((await redis.getBuffer('bench:name-index'))!, 'bench');
    times.push(performance.now() - t);
  }
  await redis.del('bench:name-index');
  redis.disconnect();
  console.log(`read back from Redis: median ${times.sort((a, b) => a - b)[1]!.toFixed(0)} ms`);
}
await db.close();
