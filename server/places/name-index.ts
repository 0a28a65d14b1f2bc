/**
 * Every accepted name of every place, in one immutable structure held by
 * the process: the database's name index, cached whole (issue 16). A guess
 * is a binary search over sorted keys and a run of place numbers: no query,
 * no cache to miss, whatever the quiz.
 *
 * Built for size and for the garbage collector: places are columns in typed
 * arrays, not objects; all keys are one string with offsets; a key's places
 * are a run of a single Uint32Array. A Place object is made the first time a
 * place is asked for and kept, so repeated guesses allocate nothing.
 *
 * Places are numbered in claim order (most populous first, then by id), so
 * a key's run, kept in ascending number, is already in claim order.
 */
import type { Place } from './place.js';

/**
 * `a` against `b` in code point order, which is the byte order of UTF-8 and
 * so PostgreSQL's `COLLATE "C"`: JavaScript's own `<` orders by UTF-16 code
 * unit, which puts characters beyond U+FFFF before U+E000–U+FFFF.
 */
export function compareCodePoints(a: string, aStart: number, aEnd: number, b: string): number {
  const length = aEnd - aStart;
  const shorter = Math.min(length, b.length);
  for (let i = 0; i < shorter; i++) {
    const x = a.charCodeAt(aStart + i);
    const y = b.charCodeAt(i);
    if (x !== y) return inCodePointOrder(x) - inCodePointOrder(y);
  }
  return length - b.length;
}

/** Moves surrogates above U+E000–U+FFFF, where the code points they make belong. */
const inCodePointOrder = (unit: number) =>
  unit >= 0xe000 ? unit - 0x800 : unit >= 0xd800 ? unit + 0x2000 : unit;

/** What a key table is made of, to store it whole (name-index-blob.ts). */
export interface KeyTableData {
  text: string;
  starts: Uint32Array;
  runs: Uint32Array;
  places: Uint32Array;
}

/** Sorted keys, each with a run of place numbers. */
export class KeyTable {
  private constructor(
    /** Every key, one after another, in code point order. */
    private readonly text: string,
    /** Where key i starts in `text`; its end is starts[i + 1]. */
    private readonly starts: Uint32Array,
    /** Where key i's places start in `places`; their end is runs[i + 1]. */
    private readonly runs: Uint32Array,
    private readonly places: Uint32Array,
  ) {}

  /**
   * From lines of `key<TAB>place number`, sorted by key in code point order
   * and then by number (as `ORDER BY key COLLATE "C", number` gives them),
   * keys without tabs, newlines or backslashes (normalised names have none).
   * Read in one pass: no line, pair or map is made.
   */
  static fromSortedLines(text: string): KeyTable {
    const keys: string[] = [];
    const starts: number[] = [];
    const runs: number[] = [];
    const places: number[] = [];
    let textLength = 0;
    let previous = '';
    for (let at = 0; at < text.length;) {
      const tab = text.indexOf('\t', at);
      let end = text.indexOf('\n', tab);
      if (end === -1) end = text.length;
      if (keys.length === 0 || compareCodePoints(text, at, tab, previous) !== 0) {
        if (keys.length > 0 && compareCodePoints(text, at, tab, previous) < 0) {
          throw new Error('the names are not in code point order (COLLATE "C")');
        }
        previous = text.slice(at, tab);
        keys.push(previous);
        starts.push(textLength);
        runs.push(places.length);
        textLength += previous.length;
      }
      places.push(Number(text.slice(tab + 1, end)));
      at = end + 1;
    }
    starts.push(textLength);
    runs.push(places.length);
    return new KeyTable(
      keys.join(''),
      Uint32Array.from(starts),
      Uint32Array.from(runs),
      Uint32Array.from(places),
    );
  }

  static fromData(data: KeyTableData): KeyTable {
    return new KeyTable(data.text, data.starts, data.runs, data.places);
  }

  data(): KeyTableData {
    return { text: this.text, starts: this.starts, runs: this.runs, places: this.places };
  }

  /** From (key, place number) pairs in any order: tests and small gazetteers. */
  static fromPairs(pairs: Iterable<readonly [string, number]>): KeyTable {
    const sorted = [...pairs].sort(
      ([a, x], [b, y]) => compareCodePoints(a, 0, a.length, b) || x - y,
    );
    return KeyTable.fromSortedLines(sorted.map(([key, n]) => `${key}\t${n}`).join('\n'));
  }

  get size(): number {
    return this.starts.length - 1;
  }

  get bytes(): number {
    return (
      this.text.length * 2 + this.starts.byteLength + this.runs.byteLength + this.places.byteLength
    );
  }

  /** The place numbers of `key`, in claim order; empty when no place has it. */
  find(key: string): Uint32Array {
    let low = 0;
    let high = this.size - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const order = compareCodePoints(
        this.text,
        this.starts[middle]!,
        this.starts[middle + 1]!,
        key,
      );
      if (order === 0) return this.places.subarray(this.runs[middle]!, this.runs[middle + 1]!);
      if (order > 0) high = middle - 1;
      else low = middle + 1;
    }
    return EMPTY;
  }
}

const EMPTY = new Uint32Array(0);

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
  /** Each place's name then its ASCII name, one after another. */
  text: string;
  /** Where each of those starts in `text`, and where the last ends. */
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
      text: '',
      textStarts: new Uint32Array(count * 2 + 1),
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
    let length = 0;
    places.forEach((place, i) => {
      columns.ids[i] = place.id;
      columns.populations[i] = place.population;
      columns.coordinates[i * 2] = place.lat;
      columns.coordinates[i * 2 + 1] = place.lon;
      columns.capitals[i] = place.capital ? 1 : 0;
      columns.countries[i] = code(place.country);
      columns.divisions[i] = code(place.admin1);
      columns.textStarts[i * 2] = length;
      length += place.name.length;
      columns.textStarts[i * 2 + 1] = length;
      length += place.asciiName.length;
      texts.push(place.name, place.asciiName);
    });
    columns.textStarts[count * 2] = length;
    columns.text = texts.join('');
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
   * The most populous places of `countries` (every country when undefined)
   * whose ids are not in `skip`, largest first (then by id): places are
   * numbered in that order, so this is one walk from the top, cut short by
   * `limit` for any big scope.
   */
  largest(countries: readonly string[] | undefined, skip: ReadonlySet<number>, limit: number) {
    const c = this.columns;
    const wanted = countries && new Set(countries);
    const inScope = c.codes.map((code) => !wanted || wanted.has(code));
    const found: Place[] = [];
    for (let i = 0; i < c.ids.length && found.length < limit; i++)
      if (inScope[c.countries[i]!] && !skip.has(c.ids[i]!)) found.push(this.place(i));
    return found;
  }

  get placeCount(): number {
    return this.columns.ids.length;
  }

  get nameCount(): number {
    return this.names.size;
  }

  /** What the index holds, in bytes (strings counted at two bytes a character). */
  get bytes(): number {
    const c = this.columns;
    const arrays = [c.ids, c.populations, c.coordinates, c.capitals, c.countries, c.divisions];
    const columns = arrays.reduce((sum, array) => sum + array.byteLength, c.textStarts.byteLength);
    return columns + c.text.length * 2 + this.names.bytes + this.compactNames.bytes;
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
      name: c.text.slice(c.textStarts[i * 2]!, c.textStarts[i * 2 + 1]!),
      asciiName: c.text.slice(c.textStarts[i * 2 + 1]!, c.textStarts[i * 2 + 2]!),
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
