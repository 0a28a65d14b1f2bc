import type { Queryable } from '../../db/database.js';
import type { CandidateCache } from './candidate-cache.js';
import { byClaimOrder, type Place } from './place.js';
import {
  allPlaces,
  nameKeys,
  nameRows,
  namesInCountries,
  placesById,
  placesCompactNamed,
  placesNamed,
} from './place-queries.js';

/** Names looked up per query while preloading a scope. */
const PRELOAD_BATCH = 2000;

export type Tier = CandidateCache['tier'] | 'database';

/** How a tier answered: a hit ends the lookup, a miss passes it on, an error is skipped like a miss. */
export interface TierCounts {
  hits: number;
  misses: number;
  errors: number;
}

/**
 * Looks up a normalised name through the cache tiers in order (in-process
 * LRU, then Redis when configured) and finally the database, filling the
 * tiers it passed on the way back. Concurrent lookups of a name that is not
 * in the first tier share one trip down. A tier that fails (Redis gone) is
 * skipped, never fatal: the database still answers.
 */
export class PlaceIndex {
  readonly counts: Record<Tier, TierCounts> = {
    memory: { hits: 0, misses: 0, errors: 0 },
    redis: { hits: 0, misses: 0, errors: 0 },
    database: { hits: 0, misses: 0, errors: 0 },
  };
  private readonly inflight = new Map<string, Promise<Place[]>>();
  /** One object per place, shared by every name of it held in memory. */
  private readonly interned = new Map<number, Place>();

  constructor(
    private readonly caches: readonly CandidateCache[],
    private readonly db: Queryable,
  ) {}

  /** Every place named `key` (a normalised name), anywhere, in claim order. */
  lookup(key: string): Promise<Place[]> {
    return this.find(key, () => placesNamed(this.db, key));
  }

  /**
   * Every place whose name, written without its spaces, is `compact`
   * ("aizuwakamatsu"), anywhere, in claim order. Cached beside the names,
   * under a key no normalised name can be ("=aizuwakamatsu").
   */
  lookupCompact(compact: string): Promise<Place[]> {
    return this.find(`=${compact}`, () => placesCompactNamed(this.db, compact));
  }

  private async find(key: string, query: () => Promise<Place[]>): Promise<Place[]> {
    const first = this.caches[0];
    if (first) {
      const hit = await this.ask(first, key);
      if (hit) return hit;
    }
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.lookBelowFirstTier(key, query).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  /** Share of lookups a tier answered, of those that reached it. */
  hitRatio(tier: Tier): number {
    const { hits, misses, errors } = this.counts[tier];
    const asked = hits + misses + errors;
    return asked === 0 ? 0 : hits / asked;
  }

  /**
   * Loads every name of the places in `countries` (every name of every place
   * when omitted) into the first tier, so that guesses about them never leave
   * the process. Each name gets its places from anywhere in the world, as a
   * lookup would. Works in small batches, so that guesses made meanwhile are
   * not held up behind it (PGlite runs one query at a time). Returns the
   * number of names loaded.
   */
  async preload(countries?: readonly string[]): Promise<number> {
    const first = this.caches[0];
    if (!first) return 0;
    if (!countries) return this.preloadEverything(first);
    const keys = await namesInCountries(this.db, countries);
    let loaded = 0;
    for (let start = 0; start < keys.length; start += PRELOAD_BATCH) {
      await this.lookupsDone();
      const batch = keys.slice(start, start + PRELOAD_BATCH);
      const missing: string[] = [];
      for (const key of batch) if (!(await first.get(key))) missing.push(key);
      if (missing.length === 0) continue;
      // Two index lookups rather than a join, which plans as a scan of every place.
      const rows = await nameRows(this.db, missing);
      const unknown = [...new Set(rows.map((r) => r.place_id))].filter(
        (id) => !this.interned.has(id),
      );
      for (const place of await placesById(this.db, unknown)) this.intern(place);
      const named = new Map<string, Place[]>(missing.map((key) => [key, []]));
      for (const row of rows) named.get(row.key)?.push(this.interned.get(row.place_id)!);
      for (const [key, places] of named) await first.set(key, places.sort(byClaimOrder));
      loaded += missing.length;
    }
    return loaded;
  }

  /**
   * Lets the event loop serve sockets, then waits until no lookup is on its
   * way to Redis or the database: players come first.
   */
  private async lookupsDone(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight.values()]);
  }

  private async preloadEverything(first: CandidateCache): Promise<number> {
    const places = new Map<number, Place>();
    for (const place of await allPlaces(this.db)) places.set(place.id, this.intern(place));
    // Keys arrive in order, so a key's places are complete when the next key starts.
    let names = 0;
    let key = '';
    let named: Place[] = [];
    const flush = async () => {
      if (named.length === 0) return;
      // slice: an array grown by push keeps spare capacity, costly across 700,000 keys
      await first.set(key, named.sort(byClaimOrder).slice());
      names++;
    };
    for await (const batch of nameKeys(this.db)) {
      for (const row of batch) {
        if (row.key !== key) {
          await flush();
          key = row.key;
          named = [];
        }
        const place = places.get(row.place_id);
        if (place) named.push(place);
      }
    }
    await flush();
    return names;
  }

  private async lookBelowFirstTier(key: string, query: () => Promise<Place[]>): Promise<Place[]> {
    const passed: CandidateCache[] = this.caches.slice(0, 1);
    for (const cache of this.caches.slice(1)) {
      const hit = await this.ask(cache, key);
      if (hit) {
        const places = hit.map((place) => this.intern(place));
        await this.fill(passed, key, places);
        return places;
      }
      passed.push(cache);
    }
    let places: Place[];
    try {
      places = (await query()).map((place) => this.intern(place));
    } catch (error) {
      this.counts.database.errors++;
      throw error;
    }
    this.counts.database.hits++;
    await this.fill(passed, key, places);
    return places;
  }

  private async ask(cache: CandidateCache, key: string): Promise<Place[] | undefined> {
    const counts = this.counts[cache.tier];
    try {
      const hit = await cache.get(key);
      if (hit) counts.hits++;
      else counts.misses++;
      return hit;
    } catch {
      counts.errors++;
      return undefined;
    }
  }

  private async fill(caches: readonly CandidateCache[], key: string, places: Place[]) {
    await Promise.all(
      caches.map((cache) =>
        cache.set(key, places).catch(() => {
          this.counts[cache.tier].errors++;
        }),
      ),
    );
  }

  private intern(place: Place): Place {
    const known = this.interned.get(place.id);
    if (known) return known;
    this.interned.set(place.id, place);
    return place;
  }
}
