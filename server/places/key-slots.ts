/**
 * A hash table over UTF-8 keys held elsewhere (key i is
 * `bytes[starts[i]..starts[i + 1])`): one Uint32Array of slots, open
 * addressing, linear probing. A lookup of the name index is then a slot or
 * two and one key compared, where a binary search over 700,000 keys read
 * some forty places scattered through 35 MB, a cache miss each (issue 16:
 * its p99 went past 5 µs on a slow day).
 *
 * A slot holds a key's number plus one and, in the bits above the number,
 * the top bits of the key's hash: a probe that meets another key's slot
 * tells it apart without reading that key's bytes (12 bits for 700,000 keys:
 * 1 probe in 4,096 compares bytes in vain).
 */

/**
 * Held here, not read off `Math` in the loop: in Jest's sandbox every read
 * of a global goes through the context and the multiply is not inlined (a
 * hash took 3.6 µs there, 40 ns here; the suites build the index often).
 */
const imul = Math.imul;

/** FNV-1a over `bytes[from..to)`, mixed (murmur3's finaliser) so that the low bits, which pick the slot, spread. */
export function hashBytes(bytes: Uint8Array, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let i = from; i < to; i++) hash = imul(hash ^ bytes[i]!, 0x01000193);
  hash ^= hash >>> 16;
  hash = imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = imul(hash, 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/** At most three keys for four slots: a miss then probes about eight slots, most in one cache line. */
const MAX_LOAD = 0.75;

export class KeySlots {
  private readonly slots: Uint32Array;
  private readonly slotMask: number;
  /** The bits of a slot that hold the key's number plus one; the hash's bits above them. */
  private readonly numberMask: number;
  private readonly tagMask: number;

  /**
   * Room for `capacity` keys; with `slots`, those a table of that capacity
   * filled already (kept whole in the index's blob: no key hashed again).
   */
  private constructor(capacity: number, slots?: Uint32Array) {
    this.slots = slots ?? new Uint32Array(sizeFor(capacity));
    this.slotMask = this.slots.length - 1;
    const numberBits = Math.max(1, 32 - Math.clz32(capacity));
    this.numberMask = numberBits >= 32 ? -1 : (1 << numberBits) - 1;
    this.tagMask = ~this.numberMask;
  }

  /** Empty, with room for `capacity` keys. */
  static empty(capacity: number): KeySlots {
    return new KeySlots(capacity);
  }

  /** The slots a table for `capacity` keys filled; undefined when they do not fit it (none are made so). */
  static kept(capacity: number, slots: Uint32Array | undefined): KeySlots | undefined {
    return slots?.length === sizeFor(capacity) ? new KeySlots(capacity, slots) : undefined;
  }

  /**
   * The slots of keys `0..count`, as stored in `bytes` and `starts`; with
   * `hashes`, each key's hash as worked out already (by a build that met
   * every key), not worked out again.
   */
  static of(bytes: Uint8Array, starts: Uint32Array, count: number, hashes?: Uint32Array): KeySlots {
    const slots = KeySlots.empty(count);
    for (let i = 0; i < count; i++) {
      slots.add(hashes ? hashes[i]! : hashBytes(bytes, starts[i]!, starts[i + 1]!), i);
    }
    return slots;
  }

  /** The slots themselves, to keep whole. */
  get array(): Uint32Array {
    return this.slots;
  }

  /** Records key number `key`, of hash `hash`, which is not in the table yet. */
  add(hash: number, key: number): void {
    let slot = hash & this.slotMask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.slotMask;
    this.slots[slot] = (hash & this.tagMask) | (key + 1);
  }

  /**
   * The number of the key equal to `query[0..length)`, whose hash is `hash`,
   * among the keys in `bytes` and `starts`; -1 when it has none.
   */
  find(
    bytes: Uint8Array,
    starts: Uint32Array,
    query: Uint8Array,
    length: number,
    hash: number,
  ): number {
    const tag = hash & this.tagMask;
    for (let slot = hash & this.slotMask; ; slot = (slot + 1) & this.slotMask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return -1;
      if ((entry & this.tagMask) !== tag) continue;
      const key = (entry & this.numberMask) - 1;
      if (equalBytes(bytes, starts[key]!, starts[key + 1]!, query, length)) return key;
    }
  }
}

/** How many slots a table for `capacity` keys has: a power of two. */
function sizeFor(capacity: number): number {
  let size = 2;
  while (size * MAX_LOAD < capacity) size *= 2;
  return size;
}

function equalBytes(
  bytes: Uint8Array,
  start: number,
  end: number,
  query: Uint8Array,
  length: number,
): boolean {
  if (end - start !== length) return false;
  for (let j = 0; j < length; j++) if (bytes[start + j] !== query[j]) return false;
  return true;
}
