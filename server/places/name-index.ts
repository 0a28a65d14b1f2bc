/**
 * Every accepted name of every place, in one immutable structure held by
 * the process: the database's name index, cached whole (issue 16). A guess
 * is a hash lookup of its key and a run of place numbers: no query, no cache
 * to miss, whatever the quiz.
 *
 * Built for size and for the garbage collector: places are columns in typed
 * arrays, not objects; all keys are one byte array with offsets; a key's
 * places are a run of a single Uint32Array. Text is kept as UTF-8 bytes, not
 * strings: names of every script would make V8 store a string two bytes a
 * character, twice what UTF-8 takes for these names (issue 16). A Place object
 * is made the first time a place is asked for and kept, so repeated guesses
 * allocate nothing.
 *
 * Places are numbered in claim order (most populous first, then by id), so
 * a key's run, kept in ascending number, is already in claim order.
 */
import { hashBytes, KeySlots } from './key-slots.js';
import type { Place } from './place.js';

/** `strings` one after another as UTF-8, and where each starts (then where the last ends), in bytes. */
function concatUtf8(strings: readonly string[]): { bytes: Uint8Array; starts: Uint32Array } {
  const starts = new Uint32Array(strings.length + 1);
  for (let i = 0; i < strings.length; i++) {
    starts[i + 1] = starts[i]! + Buffer.byteLength(strings[i]!, 'utf8');
  }
  const bytes = new Uint8Array(starts[strings.length]!);
  new TextEncoder().encodeInto(strings.join(''), bytes);
  return { bytes, starts };
}

const utf8 = new TextDecoder();

/**
 * The key being looked for, as UTF-8: one buffer for every lookup, so that a
 * lookup allocates nothing (lookups are synchronous: none overlaps another).
 */
let query = new Uint8Array(256);

/**
 * Puts `text[start..end)` in `query` as UTF-8; how many bytes it took, or -1
 * when it has a lone surrogate, which no key has (the database's UTF-8
 * cannot hold one, and an encoder would write U+FFFD for it: another key).
 * By hand, as it was measured on the real names: a little quicker than
 * Buffer.write, and than TextEncoder.encodeInto, which makes an object each
 * call; and it reads a key out of a line without making a string of it.
 */
function encodeQuery(text: string, start = 0, end = text.length): number {
  // A UTF-16 code unit takes at most three bytes (a pair of them, four).
  if (query.length < (end - start) * 3) query = new Uint8Array((end - start) * 3);
  let length = 0;
  for (let i = start; i < end; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      query[length++] = unit;
    } else if (unit < 0x800) {
      query[length++] = 0xc0 | (unit >> 6);
      query[length++] = 0x80 | (unit & 0x3f);
    } else if (unit < 0xd800 || unit >= 0xe000) {
      query[length++] = 0xe0 | (unit >> 12);
      query[length++] = 0x80 | ((unit >> 6) & 0x3f);
      query[length++] = 0x80 | (unit & 0x3f);
    } else {
      const next = i + 1 < end ? text.charCodeAt(i + 1) : NaN;
      if (unit >= 0xdc00 || !(next >= 0xdc00 && next < 0xe000)) return -1;
      const codePoint = 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
      i++;
      query[length++] = 0xf0 | (codePoint >> 18);
      query[length++] = 0x80 | ((codePoint >> 12) & 0x3f);
      query[length++] = 0x80 | ((codePoint >> 6) & 0x3f);
      query[length++] = 0x80 | (codePoint & 0x3f);
    }
  }
  return length;
}

/** The non-negative integer written in `text[start..end)`. */
function parseCount(text: string, start: number, end: number): number {
  if (start === end) throw new Error('a line of names without its number');
  const notANumber = () =>
    new Error(`not a number in a line of names: ${text.slice(start, end).slice(0, 40)}`);
  // More digits than a double holds exactly is no place id either.
  if (end - start > 15) throw notANumber();
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) throw notANumber();
    value = value * 10 + digit;
  }
  return value;
}

/** What a key table is made of, to store it whole (name-index-blob.ts). */
export interface KeyTableData {
  /** Every key as UTF-8, one after another. */
  keys: Uint8Array;
  starts: Uint32Array;
  runs: Uint32Array;
  places: Uint32Array;
  /** The hash table over the keys (key-slots.ts). */
  slots: Uint32Array;
}

/** Keys, each with a run of place numbers, found by hash (key-slots.ts). */
export class KeyTable {
  private constructor(
    /** Every key as UTF-8, one after another, in no particular order. */
    private readonly keys: Uint8Array,
    /** Where key i starts in `keys`, in bytes; its end is starts[i + 1]. */
    private readonly starts: Uint32Array,
    /** Where key i's places start in `places`; their end is runs[i + 1]. */
    private readonly runs: Uint32Array,
    private readonly places: Uint32Array,
    private readonly slots: KeySlots,
  ) {}

  /**
   * From lines of `key<TAB>place number`, in any order (the database need not
   * sort 800,000 names: on PGlite that took about half of reading them),
   * keys without tabs, newlines or backslashes (normalised names have none).
   * Read in one pass: no string, line, pair or map is made per line. Each
   * key's run of places is sorted here, ascending: claim order.
   *
   * With `numberOf`, the second field is something else (a place id) that
   * it turns into a place number.
   */
  static fromLines(text: string, numberOf?: (value: number) => number): KeyTable {
    let lineCount = 0;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lineCount++;
    if (text.length > 0 && !text.endsWith('\n')) lineCount++;
    const slots = KeySlots.empty(lineCount);
    let keys = new Uint8Array(Math.max(64, text.length));
    const starts = new Uint32Array(lineCount + 1);
    const hashes = new Uint32Array(lineCount);
    const keyOfLine = new Uint32Array(lineCount);
    const valueOfLine = new Uint32Array(lineCount);
    let keyCount = 0;
    let line = 0;
    for (let at = 0; at < text.length; line++) {
      const tab = text.indexOf('\t', at);
      let end = text.indexOf('\n', at);
      if (end === -1) end = text.length;
      if (tab === -1 || tab > end) throw new Error('a line of names without a tab');
      const length = encodeQuery(text, at, tab);
      if (length < 0) throw new Error('a name with a lone surrogate');
      const hash = hashBytes(query, 0, length);
      let key = slots.find(keys, starts, query, length, hash);
      if (key === -1) {
        const start = starts[keyCount]!;
        if (start + length > keys.length) {
          const grown = new Uint8Array(Math.max(keys.length * 2, start + length));
          grown.set(keys);
          keys = grown;
        }
        // Byte by byte, not set(subarray): a view per key costs more than these few bytes.
        for (let j = 0; j < length; j++) keys[start + j] = query[j]!;
        starts[keyCount + 1] = start + length;
        slots.add(hash, keyCount);
        hashes[keyCount] = hash;
        key = keyCount++;
      }
      keyOfLine[line] = key;
      const value = parseCount(text, tab + 1, end);
      valueOfLine[line] = numberOf ? numberOf(value) : value;
      at = end + 1;
    }
    // Each key's places together: count them, then fill each key's run.
    const runs = new Uint32Array(keyCount + 1);
    for (let i = 0; i < line; i++) runs[keyOfLine[i]! + 1]!++;
    for (let k = 0; k < keyCount; k++) runs[k + 1]! += runs[k]!;
    const places = new Uint32Array(line);
    const next = runs.slice(0, keyCount);
    for (let i = 0; i < line; i++) places[next[keyOfLine[i]!]!++] = valueOfLine[i]!;
    for (let k = 0; k < keyCount; k++) sortRun(places, runs[k]!, runs[k + 1]!);
    const used = starts[keyCount]!;
    // The slots of the build had room for a key per line: the table's own are sized to its keys.
    const keptKeys = keys.slice(0, used);
    const keptStarts = starts.slice(0, keyCount + 1);
    const keptSlots = KeySlots.of(keptKeys, keptStarts, keyCount, hashes);
    return new KeyTable(keptKeys, keptStarts, runs, places, keptSlots);
  }

  static fromData(data: KeyTableData): KeyTable {
    const count = data.starts.length - 1;
    // Slots that do not fit the keys (never written so) are made again, not trusted.
    const slots = KeySlots.kept(count, data.slots) ?? KeySlots.of(data.keys, data.starts, count);
    return new KeyTable(data.keys, data.starts, data.runs, data.places, slots);
  }

  data(): KeyTableData {
    const { keys, starts, runs, places } = this;
    return { keys, starts, runs, places, slots: this.slots.array };
  }

  /** From (key, place number) pairs in any order: tests and small gazetteers. */
  static fromPairs(pairs: Iterable<readonly [string, number]>): KeyTable {
    return KeyTable.fromLines([...pairs].map(([key, n]) => `${key}\t${n}\n`).join(''));
  }

  get size(): number {
    return this.starts.length - 1;
  }

  /** What the table holds, in bytes: its keys, runs and slots. */
  get bytes(): number {
    return Object.values(this.data()).reduce((sum, array) => sum + array.byteLength, 0);
  }

  /** The place numbers of `key`, in claim order; empty when no place has it. */
  find(key: string): Uint32Array {
    const length = encodeQuery(key);
    if (length < 0) return EMPTY;
    const found = this.slots.find(
      this.keys,
      this.starts,
      query,
      length,
      hashBytes(query, 0, length),
    );
    return found === -1 ? EMPTY : this.places.subarray(this.runs[found]!, this.runs[found + 1]!);
  }
}

const EMPTY = new Uint32Array(0);

/** Sorts `numbers[start..end)` in place, ascending: a key's run, a place or a few. */
function sortRun(numbers: Uint32Array, start: number, end: number): void {
  for (let i = start + 1; i < end; i++) {
    const value = numbers[i]!;
    let j = i - 1;
    for (; j >= start && numbers[j]! > value; j--) numbers[j + 1] = numbers[j]!;
    numbers[j + 1] = value;
  }
}

/** The numbers of two ascending runs, ascending, each once. */
function union(a: Uint32Array, b: Uint32Array): Uint32Array {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const merged = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (n === 0 || merged[n - 1] !== next) merged[n++] = next;
  }
  return merged.subarray(0, n);
}

/** What a name index is made of, to store it whole (name-index-blob.ts). */
export interface NameIndexData {
  ids: Int32Array;
  populations: Int32Array;
  /** Latitude then longitude of each place. */
  coordinates: Float64Array;
  capitals: Uint8Array;
  /** Index into `codes` of each place's country and first-level division. */
  countries: Uint16Array;
  divisions: Uint16Array;
  codes: string[];
  /** Each place's name then its ASCII name, one after another, as UTF-8. */
  text: Uint8Array;
  /** Where each of those starts in `text`, and where the last ends, in bytes. */
  textStarts: Uint32Array;
  names: KeyTableData;
  compactNames: KeyTableData;
}

export class NameIndex {
  private readonly made: (Place | undefined)[];
  private readonly names: KeyTable;
  private readonly compactNames: KeyTable;

  private constructor(private readonly columns: NameIndexData) {
    this.made = new Array<Place | undefined>(columns.ids.length);
    this.names = KeyTable.fromData(columns.names);
    this.compactNames = KeyTable.fromData(columns.compactNames);
  }

  static fromData(data: NameIndexData): NameIndex {
    return new NameIndex(data);
  }

  /**
   * @param places Every place, in claim order: most populous first, then by
   *   id; a place's number is its position here.
   * @param names place_names by place number.
   * @param compactNames place_compact_names by place number.
   */
  static fromPlaces(places: readonly Place[], names: KeyTable, compactNames: KeyTable): NameIndex {
    const count = places.length;
    const columns: NameIndexData = {
      ids: new Int32Array(count),
      populations: new Int32Array(count),
      coordinates: new Float64Array(count * 2),
      capitals: new Uint8Array(count),
      countries: new Uint16Array(count),
      divisions: new Uint16Array(count),
      codes: [],
      text: new Uint8Array(0),
      textStarts: new Uint32Array(0),
      names: names.data(),
      compactNames: compactNames.data(),
    };
    const codeNumbers = new Map<string, number>();
    const code = (text: string) => {
      let number = codeNumbers.get(text);
      if (number === undefined) codeNumbers.set(text, (number = codeNumbers.size));
      return number;
    };
    const texts: string[] = [];
    places.forEach((place, i) => {
      columns.ids[i] = place.id;
      columns.populations[i] = place.population;
      columns.coordinates[i * 2] = place.lat;
      columns.coordinates[i * 2 + 1] = place.lon;
      columns.capitals[i] = place.capital ? 1 : 0;
      columns.countries[i] = code(place.country);
      columns.divisions[i] = code(place.admin1);
      texts.push(place.name, place.asciiName);
    });
    const { bytes, starts } = concatUtf8(texts);
    columns.text = bytes;
    columns.textStarts = starts;
    columns.codes = [...codeNumbers.keys()];
    return new NameIndex(columns);
  }

  data(): NameIndexData {
    return this.columns;
  }

  /** Every place named `key` (a normalised name), anywhere, in claim order. */
  lookup(key: string): Place[] {
    return this.placesOf(this.names.find(key));
  }

  /**
   * Every place whose name without its spaces is `compact`, anywhere, in
   * claim order: those of the compact names, and those whose name has no
   * space to drop (stored among the names only), as places_compact_named.
   */
  lookupCompact(compact: string): Place[] {
    return this.placesOf(union(this.compactNames.find(compact), this.names.find(compact)));
  }

  /**
   * The most populous places of `countries` (every country when undefined;
   * of its division `admin1` only, when given) whose ids are not in `skip`,
   * largest first (then by id), leaving out those of unknown population:
   * places are numbered in that order, so this is one walk from the top,
   * cut short by `limit` for any big scope.
   */
  largest(
    countries: readonly string[] | undefined,
    skip: ReadonlySet<number>,
    limit: number,
    admin1?: string,
  ) {
    const c = this.columns;
    const wanted = countries && new Set(countries);
    const inScope = c.codes.map((code) => !wanted || wanted.has(code));
    // A region's quiz: its division too (codes of countries and divisions share one table).
    const division = admin1 === undefined ? -1 : c.codes.indexOf(admin1);
    if (admin1 !== undefined && division < 0) return [];
    const found: Place[] = [];
    // Places of unknown population (GeoNames' 0, last in this order) are no one's largest.
    for (let i = 0; i < c.ids.length && found.length < limit && c.populations[i]! > 0; i++)
      if (
        inScope[c.countries[i]!] &&
        (division < 0 || c.divisions[i] === division) &&
        !skip.has(c.ids[i]!)
      )
        found.push(this.place(i));
    return found;
  }

  /**
   * Where the places of one first-level division lie, `[lon, lat]` each, in
   * claim order: what a region's map shades where no outline of it is kept.
   */
  coordinatesIn(country: string, admin1: string): [lon: number, lat: number][] {
    const c = this.columns;
    const countryCode = c.codes.indexOf(country);
    const divisionCode = c.codes.indexOf(admin1);
    const found: [number, number][] = [];
    if (countryCode < 0 || divisionCode < 0) return found;
    for (let i = 0; i < c.ids.length; i++)
      if (c.countries[i] === countryCode && c.divisions[i] === divisionCode)
        found.push([c.coordinates[i * 2 + 1]!, c.coordinates[i * 2]!]);
    return found;
  }

  get placeCount(): number {
    return this.columns.ids.length;
  }

  get nameCount(): number {
    return this.names.size;
  }

  /** What the index's arrays hold, in bytes (the Place objects made so far aside). */
  get bytes(): number {
    const c = this.columns;
    const arrays = [c.ids, c.populations, c.coordinates, c.capitals, c.countries, c.divisions];
    const columns = arrays.reduce(
      (sum, array) => sum + array.byteLength,
      c.text.byteLength + c.textStarts.byteLength,
    );
    return columns + this.names.bytes + this.compactNames.bytes;
  }

  private placesOf(numbers: Uint32Array): Place[] {
    const places = new Array<Place>(numbers.length);
    for (let i = 0; i < numbers.length; i++) places[i] = this.place(numbers[i]!);
    return places;
  }

  private place(i: number): Place {
    const known = this.made[i];
    if (known) return known;
    const c = this.columns;
    const place: Place = {
      id: c.ids[i]!,
      name: utf8.decode(c.text.subarray(c.textStarts[i * 2]!, c.textStarts[i * 2 + 1]!)),
      asciiName: utf8.decode(c.text.subarray(c.textStarts[i * 2 + 1]!, c.textStarts[i * 2 + 2]!)),
      country: c.codes[c.countries[i]!]!,
      admin1: c.codes[c.divisions[i]!]!,
      population: c.populations[i]!,
      lat: c.coordinates[i * 2]!,
      lon: c.coordinates[i * 2 + 1]!,
      capital: c.capitals[i] === 1,
    };
    this.made[i] = place;
    return place;
  }
}
