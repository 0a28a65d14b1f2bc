/**
 * A name index as one buffer, to keep beside the data (DATA_DIR) or in
 * Redis, so that a start reads ~35 MB instead of asking the database for
 * 800,000 sorted names: the typed arrays (text among them, as UTF-8 bytes)
 * as they are in memory, behind a small JSON header that says where each
 * part lies and which data version it was built from.
 */
import { NameIndex, type KeyTableData, type NameIndexData } from './name-index.js';

const MAGIC = 'PRNI';
/**
 * Changes whenever the layout below does: an older blob is then rebuilt, not
 * misread. 2: text as UTF-8 (u8) sections, not UTF-16 strings. 3: keys in
 * no order, found by hash (key-slots.ts), the hash table kept too: a reader
 * of 2 would binary-search them and miss names, so a server rolled back
 * rebuilds instead.
 */
export const BLOB_FORMAT = 3;

type ArrayPart = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array;
type Kind = 'i32' | 'u32' | 'u16' | 'u8' | 'f64';

interface Section {
  name: string;
  kind: Kind;
  offset: number;
  bytes: number;
}

interface Header {
  format: number;
  dataVersion: string;
  codes: string[];
  sections: Section[];
}

const KINDS = {
  i32: Int32Array,
  u32: Uint32Array,
  u16: Uint16Array,
  u8: Uint8Array,
  f64: Float64Array,
} satisfies Record<Kind, { BYTES_PER_ELEMENT: number }>;

/**
 * The blob's parts from `base` on, where typed arrays can view them in
 * place: no copy, so a start holds the index once, not the file's buffer as
 * well until a collection frees it (about 25 MB of RSS for the first half
 * minute of a start). A copy only when the bytes are not aligned
 * for a Float64Array (a blob of before the header's padding) or lie in a
 * much larger buffer they would keep alive.
 */
function viewableBytes(blob: Buffer, base: number): Uint8Array {
  const payload = blob.subarray(base);
  const aligned = payload.byteOffset % 8 === 0;
  const alone = blob.buffer.byteLength - payload.byteLength <= 64 * 1024;
  return aligned && alone ? payload : new Uint8Array(payload);
}

function kindOf(part: ArrayPart): Kind {
  if (part instanceof Int32Array) return 'i32';
  if (part instanceof Uint32Array) return 'u32';
  if (part instanceof Uint16Array) return 'u16';
  if (part instanceof Float64Array) return 'f64';
  return 'u8';
}

/** The parts of an index by name: its columns, then each key table's under a prefix. */
function partsOf(data: NameIndexData): [string, ArrayPart][] {
  const table = (prefix: string, t: KeyTableData): [string, ArrayPart][] => [
    [`${prefix}.keys`, t.keys],
    [`${prefix}.starts`, t.starts],
    [`${prefix}.runs`, t.runs],
    [`${prefix}.places`, t.places],
    [`${prefix}.slots`, t.slots],
  ];
  return [
    ['ids', data.ids],
    ['populations', data.populations],
    ['coordinates', data.coordinates],
    ['capitals', data.capitals],
    ['countries', data.countries],
    ['divisions', data.divisions],
    ['text', data.text],
    ['textStarts', data.textStarts],
    ...table('names', data.names),
    ...table('compactNames', data.compactNames),
  ];
}

export function toBlob(index: NameIndex, dataVersion: string): Buffer {
  const data = index.data();
  const sections: Section[] = [];
  const payloads: Buffer[] = [];
  let offset = 0;
  for (const [name, part] of partsOf(data)) {
    const bytes = Buffer.from(part.buffer, part.byteOffset, part.byteLength);
    sections.push({ name, kind: kindOf(part), offset, bytes: bytes.length });
    // Every part starts on 8 bytes, as a Float64Array over it needs.
    const padding = (8 - (bytes.length % 8)) % 8;
    payloads.push(bytes, Buffer.alloc(padding));
    offset += bytes.length + padding;
  }
  const header: Header = { format: BLOB_FORMAT, dataVersion, codes: data.codes, sections };
  // Padded with spaces to end on 8 bytes, so that a reader can view the
  // parts where they lie (fromBlob).
  const text = JSON.stringify(header);
  const json = Buffer.from(text.padEnd(text.length + ((8 - ((8 + text.length) % 8)) % 8)));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  return Buffer.concat([Buffer.from(MAGIC), length, json, ...payloads]);
}

/** The index in `blob`, or undefined when it is not one of this format and data version. */
export function fromBlob(blob: Buffer, dataVersion: string): NameIndex | undefined {
  if (blob.length < 8 || blob.toString('latin1', 0, 4) !== MAGIC) return undefined;
  const headerLength = blob.readUInt32LE(4);
  const header = JSON.parse(blob.toString('utf8', 8, 8 + headerLength)) as Header;
  if (header.format !== BLOB_FORMAT || header.dataVersion !== dataVersion) return undefined;
  const base = 8 + headerLength;
  const payload = viewableBytes(blob, base);
  const parts = new Map<string, ArrayPart>();
  // A file's or Redis's buffer: never shared between threads.
  const bytes = payload.buffer as ArrayBuffer;
  for (const section of header.sections) {
    const length = section.bytes / KINDS[section.kind].BYTES_PER_ELEMENT;
    parts.set(
      section.name,
      new KINDS[section.kind](bytes, payload.byteOffset + section.offset, length),
    );
  }
  const part = <T>(name: string) => parts.get(name) as T;
  const table = (prefix: string): KeyTableData => ({
    keys: part(`${prefix}.keys`),
    starts: part(`${prefix}.starts`),
    runs: part(`${prefix}.runs`),
    places: part(`${prefix}.places`),
    slots: part(`${prefix}.slots`),
  });
  return NameIndex.fromData({
    ids: part('ids'),
    populations: part('populations'),
    coordinates: part('coordinates'),
    capitals: part('capitals'),
    countries: part('countries'),
    divisions: part('divisions'),
    codes: header.codes,
    text: part('text'),
    textStarts: part('textStarts'),
    names: table('names'),
    compactNames: table('compactNames'),
  });
}
