import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { gunzipSync, gzip, gzipSync } from 'node:zlib';
import type { Gazetteer, ScopeKind } from '../places/gazetteer.js';
import type { NameIndex } from '../places/name-index.js';
import { regionCodes } from '../places/region-codes.js';
import { DETAILS, loadAtlas, type Atlas, type Detail } from './atlas.js';
import { prepareRegionShapes, type RegionDefinition } from './region-shapes.js';
import { prepareScopeShapes } from './scope-shapes.js';

/** What the maps need to know of the scopes; the gazetteer answers it. */
export interface ScopeCatalog {
  isScope(id: string): boolean;
  /** The country codes of a scope; undefined or null for the world (every country). */
  countriesIn(id: string): readonly string[] | undefined | null;
  /** The scope as a first-level region, or undefined when it is none (or regions are unknown). */
  region?(id: string): RegionDefinition | undefined;
}

/**
 * The catalog of a gazetteer that a starting node does not have yet: no
 * scopes until then. `names` (the name index) tells where a region's places
 * lie, for the regions drawn from them.
 */
export function gazetteerCatalog(
  gazetteer: () => Gazetteer | undefined,
  names: () => NameIndex | undefined = () => undefined,
): ScopeCatalog {
  return {
    isScope: (id) => gazetteer()?.scope(id) !== undefined,
    countriesIn: (id) => {
      const loaded = gazetteer();
      const scope = loaded?.scope(id);
      return scope && loaded!.countriesIn(scope);
    },
    region: (id) => {
      const scope = gazetteer()?.scope(id);
      if (scope?.kind !== 'region' || !scope.country || scope.admin1 === undefined) return;
      const { country, admin1 } = scope;
      const fips = regionCodes().get(`${country}.${admin1}`)?.fips;
      return {
        id,
        name: scope.name,
        country,
        usFips: country === 'US' ? fips : undefined,
        points: () => names()?.coordinatesIn(country, admin1) ?? [],
      };
    },
  };
}

/**
 * A scope's map, ready to send as it is. Kept gzipped only: the 254 maps of
 * the countries, continents and the world are 10.5 MB of JSON, 20 MB as
 * strings on the heap (a name outside Latin-1 makes a string two bytes a
 * character), and 3.3 MB gzipped; and every browser asks for gzip, which
 * the compression middleware would otherwise make again for each request
 * (some 18 ms of CPU for China's map).
 */
export interface PreparedScopeMap {
  scope: string;
  /** The ScopeShapes as JSON, gzipped. */
  gzipped: Buffer;
  /** A strong ETag, a hash of the JSON: the same on every node and after a restart. */
  etag: string;
  /** The JSON's size, before gzip. */
  bytes: number;
  /** How long preparing it took, atlas loading included. */
  prepareMs: number;
}

const gzipOffThread = promisify(gzip);

/** A scope's outlines drawn, as JSON, not yet gzipped. */
interface DrawnScope {
  id: string;
  isRegion: boolean;
  body: string;
  /** When drawing began, for PreparedScopeMap.prepareMs. */
  started: number;
}

/** The map's JSON (for the rare client that takes no gzip, and for drawing it on the server). */
export function mapJson(map: PreparedScopeMap): string {
  return gunzipSync(map.gzipped).toString('utf8');
}

/**
 * How many region maps are kept: all 564 would hold some 45 MB (80 KB each
 * on average), for quizzes most of which are rarely played; one is prepared
 * again in 5-300 ms.
 */
export const KEPT_REGION_MAPS = 100;

/**
 * Every scope's map, prepared on first request and kept for the life of the
 * process (the outlines never change while it runs), the most recently asked
 * KEPT_REGION_MAPS of the regions'. Unknown ids are not remembered, so
 * requests for made-up scopes cannot grow the cache.
 */
export class ScopeMaps {
  private readonly prepared = new Map<string, PreparedScopeMap>();
  private readonly preparedRegions = new LRUCache<string, PreparedScopeMap>({
    max: KEPT_REGION_MAPS,
  });

  constructor(
    private readonly catalog: ScopeCatalog,
    private readonly atlas: (detail: Detail) => Atlas = loadAtlas,
  ) {}

  /** The scope's map, or undefined when `id` is not a scope. */
  get(id: string): PreparedScopeMap | undefined {
    const cached = this.kept(id);
    if (cached) return cached;
    const drawn = this.draw(id);
    return drawn && this.keep(drawn, gzipSync(drawn.body));
  }

  /**
   * Prepares scopes before anyone asks, yielding to the event loop between
   * them: a scope takes 1–15 ms, but the first one to need an atlas also
   * reads it (110m ~40 ms, 50m ~100 ms, 10m ~300 ms), which is better spent
   * at start than during someone's game. Their gzip runs on libuv's thread
   * pool, not on this thread: for the 254 maps of a start it was 1.3 s of
   * this thread's time (up to 43 ms for one), while players already play.
   */
  async warm(ids: Iterable<string>): Promise<void> {
    for (const id of ids) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.kept(id)) continue;
      const drawn = this.draw(id);
      if (!drawn) continue;
      const gzipped = await gzipOffThread(drawn.body);
      // A request may have prepared it meanwhile; the first one kept stays.
      if (!this.kept(id)) this.keep(drawn, gzipped);
    }
  }

  private kept(id: string): PreparedScopeMap | undefined {
    return this.prepared.get(id) ?? this.preparedRegions.get(id);
  }

  /** The scope's outlines as JSON, or undefined when `id` is not a scope. */
  private draw(id: string): DrawnScope | undefined {
    if (!this.catalog.isScope(id)) return undefined;
    const started = performance.now();
    const region = this.catalog.region?.(id);
    const countries = this.catalog.countriesIn(id);
    const kind: ScopeKind = !countries
      ? 'world'
      : countries.length === 1 && countries[0] === id
        ? 'country'
        : 'continent';
    const shapes = region
      ? prepareRegionShapes(region, this.atlas)
      : prepareScopeShapes({ id, kind, countries: countries ?? this.everyCountry() }, this.atlas);
    return { id, isRegion: region !== undefined, body: JSON.stringify(shapes), started };
  }

  private keep(drawn: DrawnScope, gzipped: Buffer): PreparedScopeMap {
    const { id, body } = drawn;
    const map: PreparedScopeMap = {
      scope: id,
      gzipped,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      bytes: Buffer.byteLength(body),
      prepareMs: performance.now() - drawn.started,
    };
    if (drawn.isRegion) this.preparedRegions.set(id, map);
    else this.prepared.set(id, map);
    return map;
  }

  /** The world's countries: every one some detail of the atlas draws that is also a scope. */
  private everyCountry(): string[] {
    const codes = new Set<string>();
    for (const detail of DETAILS) {
      for (const country of this.atlas(detail).countries) {
        if (country.code && this.catalog.isScope(country.code)) codes.add(country.code);
      }
    }
    return [...codes];
  }
}
