import type { Redis } from 'ioredis';
import type { Queryable } from '../../db/database.js';
import type { CandidateCache } from './candidate-cache.js';
import { loadGazetteer, type Gazetteer } from './gazetteer.js';
import { MemoryCandidateCache } from './memory-candidate-cache.js';
import { PlaceIndex } from './place-index.js';
import { RedisCandidateCache } from './redis-candidate-cache.js';
import { GuessResolver } from './resolve-guess.js';

export interface Places {
  gazetteer: Gazetteer;
  index: PlaceIndex;
  resolver: GuessResolver;
}

export interface PlacesOptions {
  db: Queryable;
  /** The shared cache tier; none when absent. */
  redis?: Redis | undefined;
  /** Size of the in-process tier; 0 turns it off. */
  memoryEntries: number;
}

/** Builds guess resolution over an imported database: in-process LRU → Redis → database. */
export async function createPlaces(options: PlacesOptions): Promise<Places> {
  const gazetteer = await loadGazetteer(options.db);
  const caches: CandidateCache[] = [];
  if (options.memoryEntries > 0) caches.push(new MemoryCandidateCache(options.memoryEntries));
  if (options.redis) caches.push(new RedisCandidateCache(options.redis, gazetteer.dataVersion));
  const index = new PlaceIndex(caches, options.db);
  return { gazetteer, index, resolver: new GuessResolver(gazetteer, index) };
}
