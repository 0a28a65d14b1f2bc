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
 * misread. 2: text as UTF-8 (u8) sections, not UTF-16 strings.
 */
export const BLOB_FORMAT = 2;

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

const KINDS: Record<Kind, (buffer: ArrayBuffer) => ArrayPart> = {
  i32: (b) => new Int32Array(b),
  u32: (b) => new Uint32Array(b),
  u16: (b) => new Uint16Array(b),
  u8: (b) => new Uint8Array(b),
  f64: (b) => new Float64Array(b),
};

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
  const json = Buffer.from(JSON.stringify(header));
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
  const parts = new Map<string, ArrayPart>();
  for (const section of header.sections) {
    const start = base + section.offset;
    // A copy, aligned for its type whatever the buffer's own alignment, and
    // of its own: no part keeps the whole blob alive once it is read.
    const copy = new Uint8Array(blob.subarray(start, start + section.bytes)).buffer;
    parts.set(section.name, KINDS[section.kind](copy));
  }
  const part = <T>(name: string) => parts.get(name) as T;
  const table = (prefix: string): KeyTableData => ({
    keys: part(`${prefix}.keys`),
    starts: part(`${prefix}.starts`),
    runs: part(`${prefix}.runs`),
    places: part(`${prefix}.places`),
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
