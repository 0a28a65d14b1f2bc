import type { Place } from './place.js';

/**
 * A cache of name lookups: normalised name key → every place of that name,
 * in claim order. An empty list is a valid entry (a known miss). Two tiers
 * implement it, one contract suite tests both (test/candidate-cache.contract.ts).
 */
export interface CandidateCache {
  readonly tier: 'memory' | 'redis';
  /** The cached places, or undefined when the key is not cached. */
  get(key: string): Promise<Place[] | undefined>;
  set(key: string, places: Place[]): Promise<void>;
}
