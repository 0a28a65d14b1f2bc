/**
 * The country outlines of each scope, from the real world-atlas files and
 * the scopes of the real imported gazetteer (PGlite), served over HTTP.
 */
import { readFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import express from 'express';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { padBox, unionBoxes } from '../server/maps/geo-box.js';
import { createMapRouter } from '../server/maps/map-router.js';
import { mapJson, ScopeMaps, type ScopeCatalog } from '../server/maps/scope-maps.js';
import type { ScopeShapes } from '../server/maps/scope-shapes.js';
import type { ShapeProperties } from '../server/maps/topology-builder.js';
import { loadGazetteer, type Gazetteer } from '../server/places/gazetteer.js';
import { pgliteDatabase } from './support/databases.js';

/** A GET that decodes nothing (fetch would gunzip): status, headers and the bytes as sent. */
function rawGet(
  target: string,
  acceptEncoding: string,
): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(target, { headers: { 'accept-encoding': acceptEncoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

let gazetteer: Gazetteer;
let catalog: ScopeCatalog;
let maps: ScopeMaps;

beforeAll(async () => {
  const db = await pgliteDatabase.openImported();
  try {
    gazetteer = await loadGazetteer(db);
  } finally {
    await db.close();
  }
  catalog = {
    isScope: (id) => gazetteer.scope(id) !== undefined,
    countriesIn: (id) => {
      const scope = gazetteer.scope(id);
      return scope && gazetteer.countriesIn(scope);
    },
  };
  maps = new ScopeMaps(catalog);
});

function shapesOf(scope: string): ScopeShapes {
  const map = maps.get(scope);
  if (!map) throw new Error(`no map for ${scope}`);
  return JSON.parse(mapJson(map)) as ScopeShapes;
}

function featuresOf(shapes: ScopeShapes) {
  const countries = shapes.topology.objects.countries as GeometryCollection<ShapeProperties>;
  return feature(shapes.topology, countries).features;
}

function codes(shapes: ScopeShapes, inScope: boolean): string[] {
  return featuresOf(shapes)
    .filter((f) => f.properties.inScope === inScope)
    .flatMap((f) => (f.properties.code ? [f.properties.code] : []));
}

function atlasGeometry(detail: string, numericId: string) {
  const require = createRequire(import.meta.url);
  const path = require.resolve(`world-atlas/countries-${detail}.json`);
  const topology = JSON.parse(readFileSync(path, 'utf8')) as Topology<{
    countries: GeometryCollection;
  }>;
  const geometry = topology.objects.countries.geometries.find((g) => g.id === numericId);
  if (!geometry) throw new Error(`no ${numericId} in countries-${detail}`);
  const shape = feature(topology, geometry);
  if (shape.type !== 'Feature') throw new Error(`${numericId} is not one feature`);
  return shape.geometry;
}

describe('boxes on the sphere', () => {
  test('a union leaves out the widest stretch of longitude nothing covers', () => {
    expect(
      unionBoxes([
        [170, -20, 180, -10],
        [-180, -18, -175, -12],
      ]),
    ).toEqual([170, -20, -175, -10]);
    expect(
      unionBoxes([
        [-10, 0, 10, 5],
        [20, 0, 30, 5],
      ]),
    ).toEqual([-10, 0, 30, 5]);
    expect(unionBoxes([[-180, -90, 180, -60]])).toEqual([-180, -90, 180, -60]);
    expect(unionBoxes([])).toBeNull();
  });

  test('padding wraps at the antimeridian and stops at the poles', () => {
    expect(padBox([175, 80, -178, 85], 5)).toEqual([170, 75, -173, 90]);
    expect(padBox([-170, 0, 170, 10], 20)).toEqual([-180, -20, 180, 30]);
  });
});

describe('scope shapes', () => {
  test('Germany is drawn at 10m, point for point, among its neighbours at 50m', () => {
    const de = shapesOf('DE');
    expect(de).toMatchObject({ scope: 'DE', kind: 'country', missing: [] });
    expect(de.detail).toEqual({ inScope: '10m', context: '50m' });
    expect(codes(de, true)).toEqual(['DE']);
    expect(codes(de, false)).toEqual(
      expect.arrayContaining(['FR', 'PL', 'CZ', 'AT', 'CH', 'NL', 'BE', 'LU', 'DK']),
    );
    const germany = featuresOf(de).find((f) => f.properties.inScope)!;
    expect(germany.properties).toEqual({ code: 'DE', name: 'Germany', inScope: true });
    expect(germany.geometry).toEqual(atlasGeometry('10m', '276'));

    const [west, south, east, north] = de.bbox!;
    expect([west, south, east, north].map(Math.round)).toEqual([6, 47, 15, 55]);
    expect(de.center![0]).toBeCloseTo(10.4, 0);
    expect(de.center![1]).toBeCloseTo(51.2, 0);
  });

  test('europe holds France and Germany at 50m, with Asia and Africa around it at 110m', () => {
    const europe = shapesOf('europe');
    expect(europe).toMatchObject({ kind: 'continent', missing: [] });
    expect(europe.detail).toEqual({ inScope: '50m', context: '110m' });
    const inScope = codes(europe, true);
    expect(inScope).toEqual(expect.arrayContaining(['FR', 'DE', 'IT', 'PL', 'RU', 'XK', 'VA']));
    expect(new Set(inScope)).toEqual(new Set(catalog.countriesIn('europe')));
    expect(codes(europe, false)).toEqual(expect.arrayContaining(['MA', 'DZ', 'TR', 'KZ']));
    expect(codes(europe, false)).not.toContain('FR');
  });

  test('the world draws every country of the gazetteer, the smallest from a finer detail', () => {
    const world = shapesOf('world');
    expect(world).toMatchObject({ kind: 'world', detail: { inScope: '110m' }, missing: [] });
    const inScope = codes(world, true);
    expect(inScope.length).toBeGreaterThan(170);
    const countries = gazetteer.scopes.filter((s) => s.kind === 'country').map((s) => s.id);
    expect(new Set(inScope)).toEqual(new Set(countries));
    expect(inScope).toEqual(expect.arrayContaining(['MT', 'SG', 'LI', 'GI']));
    expect(world.bbox).toEqual([-180, expect.any(Number), 180, expect.any(Number)]);
  });

  test('every scope has an outline for each of its countries', () => {
    for (const scope of gazetteer.scopes) {
      const shapes = shapesOf(scope.id);
      expect({ scope: scope.id, missing: shapes.missing }).toEqual({
        scope: scope.id,
        missing: [],
      });
      expect(shapes.bbox).not.toBeNull();
    }
  });

  test('areas without an ISO id join the country GeoNames puts them in, or stay unclaimed land', () => {
    expect(codes(shapesOf('XK'), true)).toEqual(['XK']);
    // Cyprus and N. Cyprus (and the buffer zone, Akrotiri, Dhekelia) are one outline.
    const cyprus = featuresOf(shapesOf('CY')).filter((f) => f.properties.inScope);
    expect(cyprus.map((f) => f.properties.name)).toEqual(['Cyprus']);
    expect(codes(shapesOf('SO'), true)).toEqual(['SO']);
    const unclaimed = featuresOf(shapesOf('IN')).filter((f) => f.properties.code === null);
    expect(unclaimed.map((f) => f.properties)).toContainEqual({
      code: null,
      name: 'Siachen Glacier',
      inScope: false,
    });
  });

  test('overseas territories Natural Earth folds into France have outlines of their own', () => {
    const france = shapesOf('FR');
    expect(france.bbox![0]).toBeGreaterThan(-6);
    expect(france.bbox![1]).toBeGreaterThan(41);
    const guiana = shapesOf('GF');
    expect(codes(guiana, true)).toEqual(['GF']);
    expect(guiana.center![0]).toBeCloseTo(-53, 0);
    expect(codes(shapesOf('RE'), true)).toEqual(['RE']);
    expect(shapesOf('NO').bbox![1]).toBeGreaterThan(57);
  });

  test('boxes of scopes across the antimeridian go the short way round', () => {
    const crossing = (scope: string) => {
      const [west, , east] = shapesOf(scope).bbox!;
      return { west: Math.round(west), east: Math.round(east), center: shapesOf(scope).center! };
    };
    expect(crossing('RU')).toMatchObject({ west: 20, east: -170 });
    expect(crossing('RU').center[0]).toBeCloseTo(105, -1);
    expect(crossing('FJ')).toMatchObject({ west: 175, east: -178 });
    expect(crossing('FJ').center[0]).toBeGreaterThan(175);
    expect(crossing('US')).toMatchObject({ west: 172, east: -67 });
    // The largest countries are drawn at 50m: 10m would send Canada's 68,000 points.
    expect(shapesOf('US').detail).toEqual({ inScope: '50m', context: '110m' });
    expect(crossing('oceania').west).toBeGreaterThan(100);
    expect(crossing('oceania').east).toBeLessThan(-100);
  });

  test('sizes stay fit for a browser', () => {
    const sizes = ['world', 'europe', 'north-america', 'DE', 'US', 'RU', 'CN', 'LI', 'MT'].map(
      (scope) => {
        const map = maps.get(scope)!;
        return { scope, bytes: map.bytes, prepareMs: Math.round(map.prepareMs * 10) / 10 };
      },
    );
    console.log(
      sizes
        .map((s) => `${s.scope.padEnd(14)}${String(s.bytes).padStart(8)} bytes ${s.prepareMs} ms`)
        .join('\n'),
    );
    const bytes = Object.fromEntries(sizes.map((s) => [s.scope, s.bytes]));
    expect(bytes.world).toBeLessThan(300_000);
    expect(bytes.europe).toBeLessThan(400_000);
    expect(bytes.DE).toBeLessThan(150_000);
    expect(bytes.LI).toBeLessThan(50_000);
    expect(bytes.MT).toBeGreaterThan(500);
    expect(bytes.MT).toBeLessThan(50_000);
    for (const big of ['US', 'RU']) expect(bytes[big]).toBeLessThan(300_000);
  });

  test('a scope is prepared once; an unknown one is neither prepared nor remembered', () => {
    const first = maps.get('LI');
    expect(maps.get('LI')).toBe(first);
    expect(maps.get('atlantis')).toBeUndefined();
    expect(maps.get('XX')).toBeUndefined();
  });

  test('warming prepares the same maps a request would, and keeps one already prepared', async () => {
    const warmed = new ScopeMaps(catalog);
    const asked = warmed.get('MT');
    await warmed.warm(['LU', 'MT', 'atlantis']);
    expect(warmed.get('MT')).toBe(asked);
    const lu = warmed.get('LU')!;
    const onRequest = new ScopeMaps(catalog).get('LU')!;
    expect(mapJson(lu)).toBe(mapJson(onRequest));
    expect(lu.etag).toBe(onRequest.etag);
    expect(lu.bytes).toBe(onRequest.bytes);
  });
});

describe('GET /api/maps/:scope', () => {
  let server: Server;
  let url: string;
  const countriesInCalls: string[] = [];

  beforeAll(async () => {
    const app = express();
    const counting: ScopeCatalog = {
      isScope: (id) => catalog.isScope(id),
      countriesIn: (id) => {
        countriesInCalls.push(id);
        return catalog.countriesIn(id);
      },
    };
    app.use(createMapRouter(counting));
    app.use('/starting', createMapRouter({ ...catalog, ready: () => false }));
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  );

  test('serves a scope as cacheable JSON with an ETag', async () => {
    const response = await fetch(`${url}/api/maps/DE`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(response.headers.get('etag')).toMatch(/^"[\w-]{20,}"$/);
    const body = (await response.json()) as ScopeShapes;
    expect(body.scope).toBe('DE');
    expect(body.topology.type).toBe('Topology');
  });

  test('sends a browser the gzip it keeps, and a client that takes no gzip the JSON', async () => {
    const browser = await rawGet(`${url}/api/maps/DE`, 'gzip, deflate, br, zstd');
    expect(browser.headers['content-encoding']).toBe('gzip');
    expect(browser.headers['vary']).toMatch(/Accept-Encoding/i);
    expect(browser.headers['content-type']).toMatch(/^application\/json/);
    const json = gunzipSync(browser.body).toString('utf8');
    expect((JSON.parse(json) as ScopeShapes).scope).toBe('DE');

    const plain = await rawGet(`${url}/api/maps/DE`, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8')).toBe(json);
    expect(plain.headers['etag']).toBe(browser.headers['etag']);
  });

  test('answers 304 when the browser holds the current copy', async () => {
    const etag = (await fetch(`${url}/api/maps/MT`)).headers.get('etag')!;
    const again = await fetch(`${url}/api/maps/MT`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const listed = await fetch(`${url}/api/maps/MT`, {
      headers: { 'If-None-Match': `"old", W/${etag}` },
    });
    expect(listed.status).toBe(304);
    const stale = await fetch(`${url}/api/maps/MT`, { headers: { 'If-None-Match': '"old"' } });
    expect(stale.status).toBe(200);
    expect(stale.headers.get('etag')).toBe(etag);
  });

  test('serves a second request from the cache', async () => {
    const first = await fetch(`${url}/api/maps/europe`);
    const second = await fetch(`${url}/api/maps/europe`);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await second.text()).toBe(await first.text());
    expect(countriesInCalls.filter((id) => id === 'europe')).toEqual(['europe']);
  });

  test.each(['XX', 'atlantis', 'de', 'World'])(
    'answers 404 for the unknown scope %s',
    async (id) => {
      const response = await fetch(`${url}/api/maps/${id}`);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: 'not_found' });
    },
  );

  test('answers 503 until the gazetteer is loaded', async () => {
    const response = await fetch(`${url}/starting/api/maps/DE`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: 'starting' });
  });
});
