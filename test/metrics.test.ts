/** GET /metrics: Prometheus text that moves with what players do, behind a token when set. */
import type { Database } from '../db/database.js';
import { pgliteDatabase } from './support/databases.js';
import {
  call,
  connectPlayer,
  disconnectAll,
  startTestNode,
  type TestNode,
} from './support/game-client.js';

const TOKEN = 'a-metrics-token-of-some-length';
let db: Database;
let server: TestNode;

beforeAll(async () => {
  db = await pgliteDatabase.openImported();
  server = await startTestNode(db, { metricsToken: TOKEN });
});
afterAll(async () => {
  disconnectAll();
  await server.close();
  await db.close();
});

async function scrape(token = TOKEN) {
  const response = await fetch(`${server.url}/metrics`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, text: await response.text() };
}

/** The value of one sample, e.g. `placerace_finds_total`, or 0 when absent. */
function sample(text: string, name: string, labels = ''): number {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && l.includes(labels) && !l.startsWith('#'));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

test('without the token: 401; with it: Node defaults and the game counters, moved by a game', async () => {
  expect((await scrape('wrong')).status).toBe(401);
  const before = await scrape();
  expect(before.status).toBe(200);
  expect(before.text).toContain('nodejs_eventloop_lag_p99_seconds');
  expect(before.text).toContain('process_resident_memory_bytes');

  const host = await connectPlayer(server.url);
  await call(host, 'room:create', { nickname: 'Ann', settings: { scope: 'DE' } });
  await call(host, 'game:start', {});
  expect((await call(host, 'guess', { text: 'Hamburg' })).result.kind).toBe('found');
  expect((await call(host, 'guess', { text: 'Hamburg' })).result.kind).toBe('repeat');
  expect((await call(host, 'guess', { text: 'Xqzzy' })).result.kind).toBe('miss');
  await call(host, 'guess', { text: 42 });

  const after = (await scrape()).text;
  expect(
    sample(after, 'placerace_finds_total') - sample(before.text, 'placerace_finds_total'),
  ).toBe(1);
  for (const result of ['found', 'repeat', 'miss', 'error']) {
    expect(
      sample(after, 'placerace_guess_seconds_count', `result="${result}"`),
    ).toBeGreaterThanOrEqual(1);
  }
  expect(sample(after, 'placerace_errors_total', 'code="bad_request"')).toBeGreaterThanOrEqual(1);
});
