import { LRUCache } from 'lru-cache';
import type { CandidateCache } from './candidate-cache.js';
import type { Place } from './place.js';

/** The in-process tier: a least-recently-used map bounded by its number of keys. */
export class MemoryCandidateCache implements CandidateCache {
  readonly tier = 'memory';
  private readonly entries: LRUCache<string, Place[]>;

  constructor(maxEntries: number) {
    this.entries = new LRUCache({ max: Math.max(1, maxEntries) });
  }

  get size(): number {
    return this.entries.size;
  }

  async get(key: string): Promise<Place[] | undefined> {
    return this.entries.get(key);
  }

  async set(key: string, places: Place[]): Promise<void> {
    this.entries.set(key, places);
  }
}
