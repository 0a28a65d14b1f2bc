/**
 * POST /api/visit on a real app over a real (in-memory PGlite) database:
 * what a beacon counts, what it never stores, and what is refused or not
 * counted at all (DNT, GPC, bots, other sites' pages, bad bodies).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { createApp } from '../server/app.js';
import { createLogger } from '../server/log.js';
import { createOriginPolicy } from '../server/origins.js';
import { DailyCountStore } from '../server/visits/daily-count-store.js';
import { VisitCounter } from '../server/visits/visit-counter.js';
import { createVisitHandler } from '../server/visits/visit-route.js';
import { pgliteDatabase } from './support/databases.js';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

let db: Database;
let dispose: () => Promise<void>;
let counter: VisitCounter;
let server: Server;
let origin: string;
let nextAddress = 1;

beforeAll(async () => {
  ({ db, dispose } = await pgliteDatabase.openEmpty());
  await migrate(db);
  counter = new VisitCounter({ log: createLogger('silent') });
  counter.attach(new DailyCountStore(db));
  const visit = createVisitHandler({
    counter,
    origins: createOriginPolicy({ trustProxy: 1 }),
    trustProxy: 1,
    limit: { views: 5, perSeconds: 60 },
  });
  server = createServer(createApp({ ready: () => undefined, visit }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await counter.stop();
  await new Promise((resolve) => server.close(resolve));
  await dispose();
});

beforeEach(async () => {
  await counter.flush();
  await db.exec('DELETE FROM daily_counts');
});

/** Each test's beacons come from an address of its own (one proxy hop is trusted). */
let address = '';
beforeEach(() => {
  address = `203.0.113.${nextAddress++}`;
});

/** Posts a body as the game's page would, with these headers on top. */
function post(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${origin}/api/visit`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin,
      'user-agent': CHROME,
      'x-forwarded-for': address,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

interface Row {
  day: string;
  kind: string;
  key: string;
  count: number;
}

/** Every row of the table, every column, once this node's counts are in. */
async function rows(): Promise<Row[]> {
  await counter.flush();
  return db.query<Row>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, key, count FROM daily_counts ORDER BY kind, key`,
  );
}

const today = () => new Date().toISOString().slice(0, 10);
const counted = async () => (await rows()).map((r) => [r.kind, r.key, r.count]);

test('a view counts its page, browser family, screen class and, first in a visit, where it came from', async () => {
  const first = await post(
    {
      page: '/',
      referrer: 'https://www.search.example/search?q=placerace&user=ann.smith',
      width: 390,
    },
    { cookie: 'placerace_admin=an-operator-session' },
  );
  expect(first.status).toBe(204);
  expect(await post({ page: '/about', width: 1280 })).toMatchObject({ status: 204 });
  expect(await counted()).toEqual([
    ['browser', 'Chrome', 2],
    ['page', '/', 1],
    ['page', '/about', 1],
    ['referrer', 'search.example', 1],
    ['screen', 'desktop', 1],
    ['screen', 'phone', 1],
  ]);

  // Nothing that identifies a person, in any column of any row: no address, no user agent, no URL.
  const stored = await rows();
  expect(stored.every((r) => r.day === today())).toBe(true);
  const text = JSON.stringify(stored);
  for (const secret of [
    address,
    '203.0.113',
    'Mozilla',
    'Windows',
    'Chrome/126',
    'search?q',
    'ann.smith',
    'https://',
    'an-operator-session',
  ]) {
    expect([secret, text.includes(secret)]).toEqual([secret, false]);
  }
  const columns = await db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_name = 'daily_counts' ORDER BY ordinal_position`,
  );
  expect(columns.map((c) => c.column_name)).toEqual(['day', 'kind', 'key', 'count']);
});

test('no referrer is (direct); a page of this site is no referring site', async () => {
  await post({ page: '/', referrer: '', width: 800 });
  await post({ page: '/r/:code', referrer: `${origin}/about`, width: 800 });
  await post({ page: '/g/:id', referrer: 'android-app://com.google.android.gm/', width: 800 });
  expect((await counted()).filter(([kind]) => kind === 'referrer')).toEqual([
    ['referrer', '(direct)', 1],
    ['referrer', '(other)', 1],
  ]);
});

test('DNT: 1 and Sec-GPC: 1 are answered 204 and count nothing', async () => {
  const body = { page: '/', referrer: 'https://news.example/', width: 800 };
  expect((await post(body, { dnt: '1' })).status).toBe(204);
  expect((await post(body, { 'sec-gpc': '1' })).status).toBe(204);
  expect(await rows()).toEqual([]);
  // DNT: 0 is no such request.
  expect((await post(body, { dnt: '0' })).status).toBe(204);
  expect(await rows()).not.toEqual([]);
});

test('bots, headless browsers and scripts are answered 204 and count nothing', async () => {
  for (const userAgent of [
    GOOGLEBOT,
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36',
    'curl/8.5.0',
  ]) {
    expect((await post({ page: '/', width: 800 }, { 'user-agent': userAgent })).status).toBe(204);
  }
  expect(await rows()).toEqual([]);
});

test('bad bodies: 400 bad_request, and nothing counted; a room code or a game id is no page', async () => {
  const bad = [
    '{"page": ',
    'null',
    '"/"',
    '',
    [{ page: '/', width: 800 }],
    { page: '/r/ABCD', width: 800 },
    { page: '/g/k3J9xQ2pL', width: 800 },
    { page: '/admin', width: 800 },
    { page: '/', width: -1 },
    { page: '/', width: 800.5 },
    { page: '/', width: '800' },
    { page: '/' },
    { page: '/', width: 800, referrer: 7 },
    { page: '/', width: 800, referrer: `https://a.example/${'x'.repeat(2000)}` },
    { page: '/', width: 800, code: 'ABCD' },
  ];
  const answers = [];
  for (const body of bad) {
    const response = await post(body, { 'x-forwarded-for': `198.51.100.${answers.length}` });
    answers.push([body, response.status, await response.json()]);
  }
  expect(answers).toEqual(bad.map((body) => [body, 400, { error: 'bad_request' }]));
  const notJson = await post({ page: '/', width: 800 }, { 'content-type': 'text/plain' });
  expect(notJson.status).toBe(400);
  expect(await rows()).toEqual([]);
});

test('an oversized body: 413 too_large', async () => {
  const response = await post({ page: '/', width: 800, referrer: 'x'.repeat(10_000) });
  expect(response.status).toBe(413);
  expect(await response.json()).toEqual({ error: 'too_large' });
  expect(await rows()).toEqual([]);
});

test("another site's page, or no page at all: 403 forbidden, nothing counted", async () => {
  const foreign = await post({ page: '/', width: 800 }, { origin: 'https://evil.example' });
  expect(foreign.status).toBe(403);
  expect(await foreign.json()).toEqual({ error: 'forbidden' });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': CHROME,
  };
  const program = await fetch(`${origin}/api/visit`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ page: '/', width: 800 }),
  });
  expect(program.status).toBe(403);
  expect(await rows()).toEqual([]);
});

test('past the limit of an address: 429 and not counted; another address still counts', async () => {
  for (let i = 0; i < 5; i++) expect((await post({ page: '/', width: 800 })).status).toBe(204);
  const limited = await post({ page: '/', width: 800 });
  expect(limited.status).toBe(429);
  expect(await limited.json()).toEqual({ error: 'rate_limited' });
  expect((await post({ page: '/', width: 800 }, { 'x-forwarded-for': '192.0.2.99' })).status).toBe(
    204,
  );
  expect(await counted()).toContainEqual(['page', '/', 6]);
});
