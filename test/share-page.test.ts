/**
 * A finished game's link, as a chat's previewer fetches it: /g/ID carries the
 * game's title and link-preview tags in the HTML itself, their image is a
 * 1200×630 PNG of the results map, players' nicknames come out inert, and an
 * unknown game or a starting node still get the client's page. Real parts:
 * the suites' imported database, the saved-game archive, the gazetteer and
 * the scopes' outlines.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Database } from '../db/database.js';
import type { GameEnded, Mode, Place, PlayerResult } from '../protocol/types.js';
import { createApp, type ReadyParts } from '../server/app.js';
import { loadGame, saveGame } from '../server/games/game-archive.js';
import { createLogger } from '../server/log.js';
import { ScopeMaps } from '../server/maps/scope-maps.js';
import { loadGazetteer, type Gazetteer } from '../server/places/gazetteer.js';
import { readiness } from '../server/readiness.js';
import { MemoryRoomStore } from '../server/rooms/memory-room-store.js';
import { createShareRouter } from '../server/share/share-router.js';
import { pgliteDatabase } from './support/databases.js';

/** The client's page; the share route serves whatever index.html it is given. */
const INDEX_FILE = join(process.cwd(), 'client', 'index.html');
const ENDED_AT = Date.UTC(2026, 10, 30, 21, 15);
const COLORS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4'];

let db: Database;
let gazetteer: Gazetteer;
let indexHtml: string;
const servers: Server[] = [];
let url: string;
let germany: Place[];
let world: Place[];
let parts: ReadyParts;

/** The app as node.ts builds it, on a loopback port, with these ready parts. */
async function serve(ready: () => ReadyParts | undefined, trustProxy = 0): Promise<string> {
  const catalog = {
    isScope: (id: string) => gazetteer.scope(id) !== undefined,
    countriesIn: (id: string) => gazetteer.countriesIn(gazetteer.scope(id)!),
  };
  const maps = new ScopeMaps(catalog);
  const share = createShareRouter({ ready, maps, indexFile: INDEX_FILE });
  const http = createServer(createApp({ ready, maps, share, trustProxy }));
  servers.push(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

const biggest = (where: string) =>
  db.query<Place>(
    `SELECT id, name, country, admin1, population, lat, lon FROM places
     WHERE ${where} ORDER BY population DESC, id LIMIT 400`,
  );

beforeAll(async () => {
  db = await pgliteDatabase.openImported();
  gazetteer = await loadGazetteer(db);
  indexHtml = await readFile(INDEX_FILE, 'utf8');
  germany = await biggest(`country = 'DE'`);
  world = await biggest('true');
  const store = new MemoryRoomStore();
  parts = {
    publicRooms: () => store.publicLobbies(),
    roomCount: () => store.count(),
    loadGame: (id) => loadGame(db, id),
    gazetteer,
    log: createLogger('silent'),
    readiness: () => readiness(db),
  };
  url = await serve(() => parts);
});
afterAll(async () => {
  for (const http of servers) http.close();
  await db.close();
});

interface PlayerSpec {
  nickname: string;
  /** How many places this player named. */
  finds: number;
}

/**
 * Saves a finished game as the game server would: players in ranking order,
 * each naming the next `finds` of the scope's largest places. Ids are new on
 * every run, as the suites share one database.
 */
async function savedGame(
  players: PlayerSpec[],
  { scope = 'DE', mode = 'race' as Mode } = {},
): Promise<string> {
  const gameId = `share-${randomUUID().slice(0, 18)}`;
  const pool = scope === 'world' ? world : germany;
  let next = 0;
  const ranking: PlayerResult[] = players.map((p, i) => {
    const places = pool.slice(next, (next += p.finds));
    return {
      playerId: `p${i}`,
      nickname: p.nickname,
      color: COLORS[i % COLORS.length]!,
      rank: 0,
      score: mode === 'coop' ? 0 : p.finds,
      population: places.reduce((sum, place) => sum + place.population, 0),
      capitals: 0,
      finds: places.map((place, j) => ({ place, at: ENDED_AT - 60_000 + j })),
    };
  });
  for (const [i, p] of ranking.entries()) {
    if (mode === 'coop') p.score = next;
    const previous = ranking[i - 1];
    p.rank = previous && previous.score === p.score ? previous.rank : i + 1;
  }
  const totals = {
    places: gazetteer.scope(scope)!.places,
    population: gazetteer.scope(scope)!.population,
  };
  const named = ranking.reduce((sum, p) => sum + p.population, 0);
  const ended: GameEnded = {
    results: {
      gameId,
      code: 'ACDEFG',
      settings: { scope, mode, durationSec: 600, maxPlayers: 16, public: false },
      startedAt: ENDED_AT - 600_000,
      endedAt: ENDED_AT,
      ranking,
      populationShare: named / totals.population,
      totals,
    },
    missed: pool.slice(next, next + 50),
  };
  await saveGame(db, ended);
  return gameId;
}

const decode = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The page's <title> and meta tags (by name or property), decoded. */
function preview(html: string) {
  const meta = new Map<string, string>();
  for (const [, key, content] of html.matchAll(
    /<meta (?:name|property)="([^"]+)" content="([^"]*)" \/>/g,
  )) {
    meta.set(decode(key!), decode(content!));
  }
  const title = /<title>([^<]*)<\/title>/.exec(html)?.[1];
  return { title: title === undefined ? undefined : decode(title), meta };
}

async function page(id: string, base = url) {
  const response = await fetch(`${base}/g/${id}`);
  return { response, html: await response.text() };
}

/** The width and height in a PNG's IHDR chunk, after checking its signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test("a saved game's page carries its title, description and every preview tag", async () => {
  const id = await savedGame([
    { nickname: 'Ana', finds: 24 },
    { nickname: 'Ben', finds: 17 },
    { nickname: 'Cleo', finds: 1 },
  ]);
  const { response, html } = await page(id);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  expect(response.headers.get('cache-control')).toBe('no-cache');
  // Still the client's page, which renders the results itself.
  expect(html).toContain('<main id="app"></main>');
  const { title, meta } = preview(html);
  expect(title).toBe('Ana wins Germany with 24 places — placerace');
  const description = meta.get('description')!;
  expect(description).toMatch(
    /^Germany, race mode, 30 November 2026: Ana 24 places, Ben 17 places and Cleo 1 place\. The places named are home to \d+(\.\d)?% of the population\. Can you name more\?$/,
  );
  meta.delete('viewport'); // the client's own
  meta.delete('color-scheme');
  expect(Object.fromEntries(meta)).toEqual({
    description,
    'twitter:card': 'summary_large_image',
    'og:type': 'website',
    'og:site_name': 'placerace',
    'og:title': 'Ana wins Germany with 24 places',
    'og:description': description,
    'og:url': `${url}/g/${id}`,
    'og:image': `${url}/g/${id}/map.png`,
    'og:image:type': 'image/png',
    'og:image:width': '1200',
    'og:image:height': '630',
    'og:image:alt': "Map of Germany with the 42 places named, each a dot in its finder's colour",
  });
});

test('the preview image is a 1200×630 PNG of the results map, cached for good', async () => {
  const id = await savedGame([{ nickname: 'Ana', finds: 300 }]);
  const image = preview((await page(id)).html).meta.get('og:image')!;
  expect(image).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/g\/[\w-]+\/map\.png$/);
  const response = await fetch(image);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('image/png');
  expect(response.headers.get('cache-control')).toBe('public, max-age=86400, immutable');
  const png = Buffer.from(await response.arrayBuffer());
  expect(pngSize(png)).toEqual({ width: 1200, height: 630 });
  // Drawn once: the second answer is the same picture.
  const again = Buffer.from(await (await fetch(image)).arrayBuffer());
  expect(again.equals(png)).toBe(true);
});

test("a world game's picture is drawn too", async () => {
  const id = await savedGame(
    [
      { nickname: 'Ana', finds: 120 },
      { nickname: 'Ben', finds: 80 },
    ],
    { scope: 'world' },
  );
  expect(preview((await page(id)).html).title).toBe(
    'Ana wins the world with 120 places — placerace',
  );
  const response = await fetch(`${url}/g/${id}/map.png`);
  expect(response.status).toBe(200);
  expect(pngSize(Buffer.from(await response.arrayBuffer()))).toEqual({ width: 1200, height: 630 });
});

test('a hostile nickname comes out inert, in the title and in every attribute', async () => {
  const hostile = '"><script>alert(1)</script>';
  const id = await savedGame([
    { nickname: hostile, finds: 5 },
    { nickname: "$& $' <b>&amp;", finds: 2 },
  ]);
  const { html } = await page(id);
  expect(html).not.toContain('<script>alert(1)');
  expect(html).not.toContain('<b>');
  // No tag was opened or closed by a player: the page has the client's own tags and ours.
  expect(html.match(/<script/g)).toEqual(indexHtml.match(/<script/g));
  expect(html).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; wins Germany');
  const { title, meta } = preview(html);
  expect(title).toBe(`${hostile} wins Germany with 5 places — placerace`);
  // Replacement patterns in a nickname are text, not instructions to String.replace.
  expect(meta.get('description')).toContain(`${hostile} 5 places and $& $' <b>&amp; 2 places.`);
  expect(meta.get('og:title')).toBe(`${hostile} wins Germany with 5 places`);
});

test('ties name every winner; a coop game counts the team; an empty game names the quiz', async () => {
  const tie = await savedGame([
    { nickname: 'Ana', finds: 24 },
    { nickname: 'Ben', finds: 24 },
    { nickname: 'Cleo', finds: 3 },
  ]);
  expect(preview((await page(tie)).html).title).toBe(
    'Ana and Ben tie for Germany with 24 places each — placerace',
  );
  const coop = await savedGame(
    [
      { nickname: 'Ana', finds: 70 },
      { nickname: 'Ben', finds: 50 },
    ],
    { mode: 'coop' },
  );
  const together = preview((await page(coop)).html);
  expect(together.title).toBe('Together: 120 places of Germany — placerace');
  expect(together.meta.get('description')).toMatch(
    /^Germany, co-op mode, 30 November 2026: Ana 70 places and Ben 50 places\./,
  );
  const empty = await savedGame([
    { nickname: 'Ana', finds: 0 },
    { nickname: 'Ben', finds: 0 },
  ]);
  const nothing = preview((await page(empty)).html);
  expect(nothing.title).toBe('Germany — placerace');
  expect(nothing.meta.get('description')).toBe(
    'Germany, race mode, 30 November 2026: Ana 0 places and Ben 0 places. Can you name some?',
  );
});

test('a large room lists eight players and counts the rest', async () => {
  const players = Array.from({ length: 11 }, (_, i) => ({ nickname: `P${i}`, finds: 20 - i }));
  const { meta } = preview((await page(await savedGame(players))).html);
  expect(meta.get('description')).toContain('P6 14 places, P7 13 places and 3 more players.');
  expect(meta.get('description')).not.toContain('P8');
});

test("an unknown game gets the client's page unchanged with 404; its picture 404 in JSON", async () => {
  const { response, html } = await page('no-such-game');
  expect(response.status).toBe(404);
  expect(html).toBe(indexHtml);
  const image = await fetch(`${url}/g/no-such-game/map.png`);
  expect(image.status).toBe(404);
  expect(await image.json()).toEqual({ error: 'not_found' });
  expect((await fetch(`${url}/g/bad.id!/map.png`)).status).toBe(404);
});

test("while the node starts: the client's page as it is, and 503 for the picture", async () => {
  const starting = await serve(() => undefined);
  const { response, html } = await page('anything', starting);
  expect(response.status).toBe(200);
  expect(html).toBe(indexHtml);
  const image = await fetch(`${starting}/g/anything/map.png`);
  expect(image.status).toBe(503);
  expect(await image.json()).toEqual({ error: 'starting' });
});

test("behind a proxy the preview's URLs are the ones the proxy was asked for", async () => {
  const id = await savedGame([{ nickname: 'Ana', finds: 3 }]);
  const proxied = await serve(() => parts, 1);
  // As ops/nginx.conf passes them: the Host asked for, and the scheme in X-Forwarded-Proto.
  // (fetch() sets Host itself, so node:http asks.)
  const html = await new Promise<string>((resolve, reject) => {
    const headers = { 'x-forwarded-proto': 'https', host: 'placerace.example' };
    get(`${proxied}/g/${id}`, { headers }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(body));
    }).on('error', reject);
  });
  const { meta } = preview(html);
  expect(meta.get('og:url')).toBe(`https://placerace.example/g/${id}`);
  expect(meta.get('og:image')).toBe(`https://placerace.example/g/${id}/map.png`);
});
