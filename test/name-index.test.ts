/**
 * The compact name index (issue 16): the database's name index held in the
 * process. On small tables its rules; on the real gazetteer, in PGlite and
 * PostgreSQL, the same places in the same claim order as the database's own
 * lookups, for thousands of real names.
 */
import type { Database } from '../db/database.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { loadNameIndex } from '../server/places/load-name-index.js';
import { BLOB_FORMAT, fromBlob, toBlob } from '../server/places/name-index-blob.js';
import { obtainNameIndex } from '../server/places/obtain-name-index.js';
import { KeyTable, NameIndex } from '../server/places/name-index.js';
import type { Place } from '../server/places/place.js';
import { placesCompactNamed, placesNamed } from '../server/places/place-queries.js';
import { pgliteDatabase, testDatabases } from './support/databases.js';
import { redisUrl } from './support/services.js';

const place = (id: number, name: string, population: number): Place => ({
  id,
  name,
  asciiName: name,
  country: 'FR',
  admin1: '11',
  population,
  lat: 48.85,
  lon: 2.35,
  capital: false,
});

describe('the key table', () => {
  test('finds each key with its places in number order, and nothing for a miss', () => {
    const table = KeyTable.fromPairs([
      ['paris', 3],
      ['lyon', 1],
      ['paris', 0],
      ['paris', 2],
    ]);
    expect([...table.find('paris')]).toEqual([0, 2, 3]);
    expect([...table.find('lyon')]).toEqual([1]);
    expect([...table.find('pari')]).toEqual([]);
    expect([...table.find('parisx')]).toEqual([]);
    expect([...table.find('')]).toEqual([]);
    expect(table.size).toBe(2);
  });

  test("takes lines in any order, turning place ids into place numbers, each key's places in claim order", () => {
    // As the database gives them: no order at all.
    const numberOf = new Map([
      [500, 2],
      [300, 0],
      [900, 1],
    ]);
    const table = KeyTable.fromLines('paris\t500\nrome\t900\nparis\t900\nparis\t300\n', (id) =>
      numberOf.get(id)!,
    );
    expect([...table.find('paris')]).toEqual([0, 1, 2]);
    expect([...table.find('rome')]).toEqual([1]);
    expect(table.size).toBe(2);
    // The last line may go without its newline.
    expect([...KeyTable.fromLines('rome\t4\nrome\t3').find('rome')]).toEqual([3, 4]);
    expect(KeyTable.fromLines('').size).toBe(0);
  });

  test('refuses lines it cannot read', () => {
    expect(() => KeyTable.fromLines('paris 1\n')).toThrow('without a tab');
    expect(() => KeyTable.fromLines('paris\t\n')).toThrow('without its number');
    expect(() => KeyTable.fromLines('paris\tx1\n')).toThrow('not a number');
  });

  test('finds every one of many keys, and none that differ from them by a byte', () => {
    // Enough keys that slots are shared and probes run past other keys.
    const keys = Array.from({ length: 50_000 }, (_, i) => `place ${i.toString(36)}`);
    const table = KeyTable.fromPairs(keys.map((key, i) => [key, i] as const));
    expect(table.size).toBe(keys.length);
    keys.forEach((key, i) => {
      const found = table.find(key);
      if (found.length !== 1 || found[0] !== i)
        expect({ key, found: [...found] }).toEqual({ key, found: [i] });
    });
    for (let i = 0; i < 50_000; i++) {
      const miss = `place ${i.toString(36)}!`;
      if (table.find(miss).length > 0) expect(miss).toBe('not found');
    }
  });

  test('keeps keys as UTF-8 and finds keys of 1- to 4-byte characters, and prefixes of each other', () => {
    const keys = [
      'a',
      'ab',
      'abc',
      'é', // 2 bytes
      'éa',
      'ü',
      'москва', // 2 bytes each
      '東京', // 3 bytes each
      '東',
      '\uFFFD', // 3 bytes, the last before astral characters
      '𝔸', // 4 bytes
      '𝔸𝔸',
      'a𝔸',
      'a\uE000',
    ];
    const table = KeyTable.fromPairs(keys.map((key, i) => [key, i] as const));
    // Kept in the order first met, each once.
    expect(Buffer.from(table.data().keys).toString('utf8')).toBe(keys.join(''));
    expect(table.data().keys.byteLength).toBe(Buffer.byteLength(keys.join('')));
    keys.forEach((key, i) =>
      expect({ key, found: [...table.find(key)] }).toEqual({ key, found: [i] }),
    );
    for (const miss of [
      '',
      'abcd',
      'e',
      'é\u0301',
      'москв',
      'москвы',
      '東京都',
      '𝔸𝔸𝔸',
      'a\uE001',
      // Lone surrogates: an encoder would write U+FFFD, a key here.
      '\uD835',
      'a\uDC00',
      '\uDD38\uD835',
    ]) {
      expect({ miss, found: [...table.find(miss)] }).toEqual({ miss, found: [] });
    }
  });

  test('from its data without slots that fit, makes them again', () => {
    const table = KeyTable.fromPairs([
      ['paris', 0],
      ['lyon', 1],
    ]);
    const { slots: _kept, ...rest } = table.data();
    for (const slots of [undefined, new Uint32Array(64)]) {
      const again = KeyTable.fromData({ ...rest, slots: slots as unknown as Uint32Array });
      expect([...again.find('lyon')]).toEqual([1]);
      expect([...again.find('paris')]).toEqual([0]);
    }
  });

  test('finds keys longer than its buffer for the sought key', () => {
    const long = '東'.repeat(500); // 1,500 bytes
    const table = KeyTable.fromPairs([
      [long, 1],
      ['a'.repeat(2000), 2],
      ['short', 3],
    ]);
    expect([...table.find(long)]).toEqual([1]);
    expect([...table.find('a'.repeat(2000))]).toEqual([2]);
    expect([...table.find('short')]).toEqual([3]);
    expect([...table.find(long + '京')]).toEqual([]);
  });
});

describe('the name index', () => {
  test('answers Place objects in claim order, the same object every time', () => {
    const places = [
      place(10, 'Paris', 2_000_000),
      place(20, 'Paris', 25_000),
      place(30, 'Lyon', 500_000),
    ];
    const index = NameIndex.fromPlaces(
      places,
      KeyTable.fromPairs([
        ['paris', 1],
        ['paris', 0],
        ['lyon', 2],
      ]),
      KeyTable.fromPairs([['lyon', 2]]),
    );
    const found = index.lookup('paris');
    expect(found).toEqual([places[0], places[1]]);
    expect(index.lookup('paris')[0]).toBe(found[0]);
    expect(index.lookupCompact('lyon')).toEqual([places[2]]);
    expect(index.lookup('marseille')).toEqual([]);
    expect(index.placeCount).toBe(3);
  });

  test('gives back names of every script as they were, kept as UTF-8', () => {
    const places = [
      { ...place(1, 'Москва', 12_000_000), asciiName: 'Moskva' },
      { ...place(2, '東京', 9_000_000), asciiName: 'Tokyo' },
      { ...place(3, '𐌰𐌹𐍂𐌸𐌰', 1_000), asciiName: '' },
      place(4, 'Zürich', 400_000),
    ];
    const names = KeyTable.fromPairs(places.map((p, i) => [p.name.toLowerCase(), i] as const));
    const index = NameIndex.fromPlaces(places, names, KeyTable.fromPairs([]));
    places.forEach((p) => expect(index.lookup(p.name.toLowerCase())).toEqual([p]));
    const text = places.flatMap((p) => [p.name, p.asciiName]).join('');
    expect(index.data().text.byteLength).toBe(Buffer.byteLength(text));
  });
});

describe.each(testDatabases)('the name index of the real gazetteer, $name', ({ openImported }) => {
  let db: Database;
  let index: NameIndex;

  beforeAll(async () => {
    db = await openImported();
    index = await loadNameIndex(db);
  }, 120_000);

  afterAll(async () => {
    await db.close();
  });

  test('holds every place and name of the database', async () => {
    const [counts] = await db.query<{ places: number; names: number }>(
      `SELECT (SELECT count(*)::int FROM places) AS places,
              (SELECT count(DISTINCT key)::int FROM place_names) AS names`,
    );
    expect(index.placeCount).toBe(counts!.places);
    expect(index.nameCount).toBe(counts!.names);
  });

  test('answers as the database does: the same places, the same order, for real names', async () => {
    // Every 211th name key, of every script, and the names of the biggest places.
    const sample = await db.query<{ key: string }>(
      `SELECT DISTINCT key FROM place_names WHERE place_id % 211 = 0
       UNION SELECT n.key FROM place_names n JOIN places p ON p.id = n.place_id
       WHERE p.population > 5000000`,
    );
    expect(sample.length).toBeGreaterThan(2000);
    for (const { key } of sample) {
      expect({ key, places: index.lookup(key) }).toEqual({
        key,
        places: await placesNamed(db, key),
      });
    }
    // Names written without their spaces: of the compact table, and of names that have none.
    const compact = await db.query<{ key: string }>(
      `SELECT DISTINCT key FROM place_compact_names WHERE place_id % 211 = 0
       UNION SELECT DISTINCT key FROM place_names WHERE place_id % 997 = 0 AND key NOT LIKE '% %'`,
    );
    expect(compact.length).toBeGreaterThan(500);
    for (const { key } of [...compact, { key: 'aizuwakamatsu' }, { key: 'nzerekore' }]) {
      expect({ key, places: index.lookupCompact(key) }).toEqual({
        key,
        places: await placesCompactNamed(db, key),
      });
    }
    expect(index.lookupCompact('aizuwakamatsu').map((p) => p.name)).toContain('Aizu-Wakamatsu');
  }, 120_000);

  test("lists a finished game's biggest unnamed places as the database orders them, none of unknown population", async () => {
    const biggest = (countries: string[] | null, named: number[]) =>
      db.query<{ id: number }>(
        `SELECT id FROM places
         WHERE ($1::text[] IS NULL OR country = ANY($1::text[])) AND NOT (id = ANY($2::int[]))
           AND population > 0
         ORDER BY population DESC, id LIMIT 50`,
        [countries, named],
      );
    // Mongolia: fewer than 50 of its places have a known population.
    for (const countries of [null, ['DE'], ['FR', 'BE', 'CH'], ['AD'], ['VA'], ['MN']]) {
      const top = await biggest(countries, []);
      const named = top.filter((_, i) => i % 3 === 0).map((p) => p.id);
      const expected = (await biggest(countries, named)).map((p) => p.id);
      const listed = index.largest(countries ?? undefined, new Set(named), 50).map((p) => p.id);
      expect({ countries, listed }).toEqual({ countries, listed: expected });
    }
  });
});

describe('the name index kept whole', () => {
  let db: Database;
  let dir: string;
  beforeAll(async () => {
    db = await pgliteDatabase.openImported();
    dir = mkdtempSync(join(tmpdir(), 'placerace-index-'));
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a blob answers as the index it was made from, for its data version only', () => {
    const places = [place(10, 'Zürich', 400_000), place(20, 'Zurich', 3_000)];
    const index = NameIndex.fromPlaces(
      places,
      KeyTable.fromPairs([
        ['zurich', 0],
        ['zurich', 1],
        ['zürich', 0],
      ]),
      KeyTable.fromPairs([]),
    );
    const blob = toBlob(index, 'v1');
    const back = fromBlob(blob, 'v1');
    expect(back?.lookup('zurich')).toEqual(places);
    expect(back?.lookup('zürich')).toEqual([places[0]]);
    expect(back?.bytes).toBe(index.bytes);
    expect(fromBlob(blob, 'v2')).toBeUndefined();
    expect(fromBlob(Buffer.from('not an index'), 'v1')).toBeUndefined();
    // Read in place from a buffer of its own, as from a file: no second copy.
    const own = Buffer.from(blob);
    expect(fromBlob(own, 'v1')!.data().coordinates.buffer).toBe(own.buffer);
    // Its hash table too: read, not made again.
    expect(fromBlob(own, 'v1')!.data().names.slots.buffer).toBe(own.buffer);
    // Bytes that a Float64Array cannot view where they lie, inside a larger buffer: read from a copy.
    const inLarger = Buffer.concat([Buffer.alloc(3), blob, Buffer.alloc(100_000)]).subarray(
      3,
      3 + blob.length,
    );
    const copied = fromBlob(inLarger, 'v1');
    expect(copied?.lookup('zurich')).toEqual(places);
    expect(copied!.data().coordinates.buffer).not.toBe(inLarger.buffer);
  });

  test('a blob of an older format is not read (its text was UTF-16), and is then rebuilt', () => {
    const index = NameIndex.fromPlaces(
      [place(10, 'Zürich', 400_000)],
      KeyTable.fromPairs([['zürich', 0]]),
      KeyTable.fromPairs([]),
    );
    const blob = toBlob(index, 'v1');
    const header = JSON.parse(blob.toString('utf8', 8, 8 + blob.readUInt32LE(4))) as {
      format: number;
      sections: { kind: string }[];
    };
    expect(header.format).toBe(BLOB_FORMAT);
    expect(header.sections.map((s) => s.kind)).not.toContain('utf16');
    const older = Buffer.from(blob);
    older.write(`"format":${BLOB_FORMAT - 1}`, blob.indexOf(`"format":${BLOB_FORMAT}`), 'latin1');
    expect(fromBlob(older, 'v1')).toBeUndefined();
  });

  test('built from the database once, then read from its file, then from Redis on a new node', async () => {
    const file = join(dir, 'name-index.bin');
    const version = `test-${Date.now()}`;
    const redis = redisUrl ? new Redis(redisUrl) : undefined;
    const shared = redis && { redis, prefix: `test:${version}:` };
    try {
      const first = await obtainNameIndex(db, version, { file, shared });
      expect(first.from).toBe('database');
      const again = await obtainNameIndex(db, version, { file, shared });
      expect(again.from).toBe('file');
      expect(again.index.lookup('paris')).toEqual(first.index.lookup('paris'));
      if (shared) {
        const elsewhere = await obtainNameIndex(db, version, {
          file: join(dir, 'other-node.bin'),
          shared,
        });
        expect(elsewhere.from).toBe('redis');
        expect(elsewhere.index.lookup('tokyo')).toEqual(first.index.lookup('tokyo'));
      }
      // Nodes sharing a data directory start together: each keeps the file, none fails.
      const together = join(dir, 'together.bin');
      const both = await Promise.all([
        obtainNameIndex(db, `${version}t`, { file: together }),
        obtainNameIndex(db, `${version}t`, { file: together }),
      ]);
      expect(both.map((b) => b.from)).toEqual(['database', 'database']);
      expect((await obtainNameIndex(db, `${version}t`, { file: together })).from).toBe('file');
      // A new data version is built again, not read.
      expect((await obtainNameIndex(db, `${version}b`, { file })).from).toBe('database');
    } finally {
      if (shared) await shared.redis.del(`${shared.prefix}name-index`);
      redis?.disconnect();
    }
  }, 120_000);
});
