import type { NameIndex } from './name-index.js';
import type { Place } from './place.js';

/** Where a lookup was answered; only the in-process index answers since issue 16. */
export type Tier = 'memory' | 'redis' | 'database';

/** How a tier answered: a hit ends the lookup, a miss passes it on, an error is skipped like a miss. */
export interface TierCounts {
  hits: number;
  misses: number;
  errors: number;
}

/**
 * Looks normalised names up in the name index the process holds
 * (name-index.ts): every name of every place, so a guess never leaves the
 * process, whatever the quiz. The counts keep the dashboard's shape: every
 * lookup is a hit of the in-process tier.
 */
export class PlaceIndex {
  readonly counts: Record<Tier, TierCounts> = {
    memory: { hits: 0, misses: 0, errors: 0 },
    redis: { hits: 0, misses: 0, errors: 0 },
    database: { hits: 0, misses: 0, errors: 0 },
  };

  constructor(readonly names: NameIndex) {}

  /** Every place named `key` (a normalised name), anywhere, in claim order. */
  lookup(key: string): Place[] {
    this.counts.memory.hits++;
    return this.names.lookup(key);
  }

  /** Every place whose name, written without its spaces, is `compact`, anywhere, in claim order. */
  lookupCompact(compact: string): Place[] {
    this.counts.memory.hits++;
    return this.names.lookupCompact(compact);
  }

  /** Share of lookups a tier answered, of those that reached it. */
  hitRatio(tier: Tier): number {
    const { hits, misses, errors } = this.counts[tier];
    const asked = hits + misses + errors;
    return asked === 0 ? 0 : hits / asked;
  }
}
