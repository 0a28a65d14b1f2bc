/** GET /metrics: Prometheus text that moves with what players do, behind a token when set. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../db/database.js';
import { releaseName } from '../server/monitoring-router.js';
import { readiness } from '../server/readiness.js';
import { connectCacheRedis } from '../server/redis.js';
import { pgliteDatabase } from './support/databases.js';
import {
  call,
  connectPlayer,
  disconnectAll,
  GENEROUS_LIMITS,
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
  const moved = (name: string, labels = '') =>
    sample(after, name, labels) - sample(before.text, name, labels);
  for (const result of ['found', 'repeat', 'miss', 'error']) {
    expect(moved('placerace_guesses_total', `result="${result}"`)).toBe(1);
  }
  expect(moved('placerace_games_started_total')).toBe(1);
  expect(moved('placerace_players_joined_total')).toBe(1);
  // Levels: the room is playing, its one player connected here.
  expect(sample(after, 'placerace_rooms', 'phase="playing"')).toBe(1);
  expect(sample(after, 'placerace_players')).toBe(1);

  await call(host, 'game:end', {});
  const ended = (await scrape()).text;
  expect(
    sample(ended, 'placerace_games_finished_total') -
      sample(before.text, 'placerace_games_finished_total'),
  ).toBe(1);
  expect(sample(ended, 'placerace_rooms', 'phase="finished"')).toBe(1);
});

test('rate-limited events are counted apart', async () => {
  const limited = await startTestNode(db, {
    metricsToken: TOKEN,
    rateLimits: { ...GENEROUS_LIMITS, commandsPerSecond: 2 },
  });
  try {
    const player = await connectPlayer(limited.url);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => call(player, 'room:state', {})),
    );
    const refused = answers.filter((a) => a.error?.code === 'rate_limited').length;
    expect(refused).toBeGreaterThanOrEqual(1);
    const response = await fetch(`${limited.url}/metrics`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const text = await response.text();
    expect(sample(text, 'placerace_rate_limited_total')).toBe(refused);
    expect(sample(text, 'placerace_errors_total', 'code="rate_limited"')).toBe(refused);
  } finally {
    await limited.close();
  }
});

test('GET /readyz: ready while the database answers', async () => {
  const response = await fetch(`${server.url}/readyz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: 'ready', checks: { database: true } });
});

test('a deployed release names itself in /healthz and /readyz: the first line of RELEASE', () => {
  // The server reads it from its working directory at start (test/deploy.test.ts sees it served).
  const dir = mkdtempSync(join(tmpdir(), 'placerace-release-'));
  try {
    expect(releaseName(dir)).toBeUndefined();
    writeFileSync(join(dir, 'RELEASE'), 'v2026-12-01-T10-00-00 abc1234\ncommit abc1234def\n');
    expect(releaseName(dir)).toBe('v2026-12-01-T10-00-00 abc1234');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('readiness: a Redis that does not answer makes the node not ready', async () => {
  // It hangs up on every connection; holding the port, so that no real Redis can take it meanwhile.
  const silent = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as AddressInfo;
  const redis = connectCacheRedis(`redis://127.0.0.1:${port}`);
  try {
    expect(await readiness(db, redis)).toEqual({ database: true, redis: false });
  } finally {
    redis.disconnect();
    await new Promise((resolve) => silent.close(resolve));
  }
});
