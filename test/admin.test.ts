/**
 * The operator's access: login, wrong password, lockout (logged), logout,
 * the dashboard off without a password; the live namespace and the
 * spectator's watch both ask for the session; a spectator sees a room's
 * finds without being one of its players; the dashboard's frame shows the
 * room, browsers' error reports and "impossible" errors.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { pino } from 'pino';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import type { Database } from '../db/database.js';
import { MAX_ROOM_ROWS, type AdminFrame, type HourPoint } from '../protocol/admin.js';
import { DEFAULT_SETTINGS, PROTOCOL_VERSION } from '../protocol/schemas.js';
import type { Find, RoomState } from '../protocol/types.js';
import type { VisitorsReport } from '../protocol/visits.js';
import { createAdminRouter } from '../server/admin/admin-router.js';
import { MemoryAdminSessions } from '../server/admin/admin-sessions.js';
import { createLoginGuard } from '../server/admin/login-guard.js';
import { MemoryUnlockCodes } from '../server/admin/unlock-codes.js';
import { createApp } from '../server/app.js';
import { createOriginPolicy } from '../server/origins.js';
import { pgliteDatabase } from './support/databases.js';
import { eventually } from './support/processes.js';
import {
  call,
  connectPlayer,
  disconnectAll,
  startTestNode,
  type TestNode,
} from './support/game-client.js';

const PASSWORD = 'correct horse battery staple';
let db: Database;
let server: TestNode;
const sockets: Socket[] = [];

beforeAll(async () => {
  db = await pgliteDatabase.openImported();
  // No delays between wrong passwords: the lockout test sends ten at once.
  server = await startTestNode(db, {
    adminPassword: PASSWORD,
    loginGuard: { delaySeconds: () => 0 },
  });
});
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  disconnectAll();
  await server.close();
  await db.close();
});

/** Posts the login form as a browser would, from the login page (the node trusts no proxy, so all are 127.0.0.1). */
async function logIn(password: string) {
  const response = await fetch(`${server.url}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    body: new URLSearchParams({ password }),
    redirect: 'manual',
  });
  const setCookie = response.headers.get('set-cookie') ?? '';
  return {
    status: response.status,
    text: await response.text(),
    setCookie,
    cookie: setCookie.split(';')[0]!,
    location: response.headers.get('location'),
  };
}

const page = async (path: string, cookie = '') => {
  const response = await fetch(`${server.url}${path}`, { headers: { cookie }, redirect: 'manual' });
  return { status: response.status, text: await response.text() };
};

function operatorSocket(namespace: string, cookie: string): Socket {
  const socket = connect(`${server.url}${namespace}`, {
    auth: { protocolVersion: PROTOCOL_VERSION },
    transports: ['websocket'],
    // A browser names the page's origin in every websocket handshake.
    extraHeaders: cookie ? { cookie, origin: server.url } : { origin: server.url },
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  return socket;
}

const connected = (socket: Socket) =>
  new Promise<{ ok: true } | { ok: false; code: unknown }>((resolve) => {
    socket.once('connect', () => resolve({ ok: true }));
    socket.once('connect_error', (err: Error & { data?: { code?: unknown } }) =>
      resolve({ ok: false, code: err.data?.code }),
    );
  });

describe('login', () => {
  test('the login page asks for the password; a wrong one is refused; the right one opens a session cookie', async () => {
    const login = await page('/admin');
    expect(login.text).toContain('<label for="password">Password</label>');
    expect(login.text).toContain('Log in');
    // The built dashboard page is not served around the login.
    expect((await page('/admin.html')).status).toBe(303);

    const wrong = await logIn('not the password');
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('Wrong password');
    expect(wrong.setCookie).toBe('');

    const right = await logIn(PASSWORD);
    expect(right.status).toBe(303);
    expect(right.location).toBe('/admin');
    expect(right.setCookie).toMatch(/^placerace_admin=[\w-]{40,};/);
    expect(right.setCookie).toMatch(/HttpOnly/i);
    expect(right.setCookie).toMatch(/SameSite=Strict/i);
    // Plain HTTP here: Secure would make the browser drop it. Behind TLS it is set (next test).
    expect(right.setCookie).not.toMatch(/Secure/i);

    const history = await fetch(`${server.url}/admin/api/history?days=14`, {
      headers: { cookie: right.cookie },
    });
    expect(history.status).toBe(200);
    expect(Array.isArray(await history.json())).toBe(true);
    expect((await fetch(`${server.url}/admin/api/history`)).status).toBe(401);

    const csv = await fetch(`${server.url}/admin/history.csv`, {
      headers: { cookie: right.cookie },
    });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await csv.text()).split('\n')[0]).toBe(
      'hour,games_started,games_finished,players,guesses,finds,p95_ms,errors,peak_rooms,peak_players',
    );
  });

  test('without ADMIN_PASSWORD the dashboard is off and says how to turn it on', async () => {
    const off = await startTestNode(db);
    try {
      const response = await fetch(`${off.url}/admin`);
      expect(response.status).toBe(404);
      const text = await response.text();
      expect(text).toContain('ADMIN_PASSWORD');
      expect(text).not.toContain('Log in');
      const login = await fetch(`${off.url}/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ password: '' }),
        redirect: 'manual',
      });
      expect(login.status).toBe(404);
      expect(login.headers.get('set-cookie')).toBeNull();
    } finally {
      await off.close();
    }
  });

  test('behind a TLS proxy (TRUST_PROXY) the cookie is Secure', async () => {
    await withProxiedAdmin(async (login) => {
      const response = await login(PASSWORD, '203.0.113.9');
      expect(response.status).toBe(303);
      expect(response.headers.get('set-cookie')).toMatch(/; Secure/i);
    });
  });

  test('a lockout is logged with the address, never the password', async () => {
    const lines: string[] = [];
    await withProxiedAdmin(async (login) => {
      for (let i = 0; i < 10; i++) await login(`wrong guess ${i}`, '203.0.113.10');
      // Another address is not locked out.
      expect((await login(PASSWORD, '203.0.113.11')).status).toBe(303);
    }, lines);
    const lockouts = lines.filter((l) => l.includes('operator login locked'));
    expect(lockouts).toHaveLength(1);
    expect(JSON.parse(lockouts[0]!)).toMatchObject({
      level: 40,
      ip: '203.0.113.10',
      lock: 'source',
      unlockCode: expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/),
    });
    expect(lines.join('\n')).not.toContain('wrong guess');
    expect(lines.join('\n')).not.toContain(PASSWORD);
  });

  test('logout ends the session: the cookie no longer opens anything', async () => {
    const { cookie } = await logIn(PASSWORD);
    expect((await fetch(`${server.url}/admin/api/history`, { headers: { cookie } })).status).toBe(
      200,
    );
    const out = await fetch(`${server.url}/admin/logout`, {
      method: 'POST',
      headers: { cookie, origin: server.url },
      redirect: 'manual',
    });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/placerace_admin=;/);
    expect((await fetch(`${server.url}/admin/api/history`, { headers: { cookie } })).status).toBe(
      401,
    );
    expect((await page('/admin', cookie)).text).toContain('Log in');
    expect(await connected(operatorSocket('/admin', cookie))).toEqual({
      ok: false,
      code: 'unauthorized',
    });
  });
});

describe('the live namespace and the spectator', () => {
  test('without a session both are refused', async () => {
    expect(await connected(operatorSocket('/admin', ''))).toEqual({
      ok: false,
      code: 'unauthorized',
    });
    expect(
      await connected(operatorSocket('/admin', 'placerace_admin=forged-session-id-of-some-length')),
    ).toEqual({ ok: false, code: 'unauthorized' });

    const host = await connectPlayer(server.url);
    const created = await call(host, 'room:create', { nickname: 'Ann', settings: { scope: 'DE' } });
    const stranger = operatorSocket('/', '');
    await connected(stranger);
    const refused = await stranger
      .timeout(5000)
      .emitWithAck('room:watch', { code: created.room.code });
    expect(refused).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    // …and it receives nothing of the room.
    let leaked = 0;
    stranger.on('place:found', () => leaked++);
    await call(host, 'game:start', {});
    await call(host, 'guess', { text: 'Hamburg' });
    await call(host, 'room:state', {});
    expect(leaked).toBe(0);
  });

  test('an operator watches a game: every find as it happens, unseen by the players; the frame lists the room', async () => {
    const { cookie } = await logIn(PASSWORD);
    const host = await connectPlayer(server.url);
    const created = await call(host, 'room:create', { nickname: 'Ann', settings: { scope: 'DE' } });
    const code: string = created.room.code;
    await call(host, 'game:start', {});
    await call(host, 'guess', { text: 'Hamburg' });

    const spectator = operatorSocket('/', cookie);
    expect(await connected(spectator)).toEqual({ ok: true });
    const watched = (await spectator.timeout(5000).emitWithAck('room:watch', { code })) as {
      ok: boolean;
      room: RoomState;
    };
    expect(watched.ok).toBe(true);
    expect(watched.room.found.map((f) => f.place.name)).toEqual(['Hamburg']);

    const seen = new Promise<Find>((resolve) => spectator.once('place:found', resolve));
    await call(host, 'guess', { text: 'München' });
    expect((await seen).place.name).toBe('Munich');

    // The players see one player, and the spectator cannot play.
    const state = await call(host, 'room:state', {});
    expect(state.room.players.map((p: { nickname: string }) => p.nickname)).toEqual(['Ann']);
    const guess = await spectator.timeout(5000).emitWithAck('guess', { text: 'Berlin' });
    expect(guess).toMatchObject({ ok: false, error: { code: 'not_found' } });

    // The dashboard: the last hour first, then frames with the room in its table.
    const dashboard = operatorSocket('/admin', cookie);
    const hour = new Promise<HourPoint[]>((resolve) => dashboard.once('admin:hour', resolve));
    expect(await connected(dashboard)).toEqual({ ok: true });
    expect(Array.isArray(await hour)).toBe(true);
    await server.node.sample();
    const frame = await nextEventOf<AdminFrame>(dashboard, 'admin:frame');
    const row = frame.rooms.find((r) => r.code === code);
    expect(row).toMatchObject({
      scope: 'DE',
      mode: 'race',
      phase: 'playing',
      players: 1,
      finds: 2,
    });
    expect(frame.roomsByPhase.playing).toBeGreaterThanOrEqual(1);
    expect(frame.total.spectators).toBeGreaterThanOrEqual(1);
    expect(frame.nodes.map((n) => n.node)).toEqual(['local']);

    await spectator.timeout(5000).emitWithAck('room:unwatch', {});
    let after = 0;
    spectator.on('place:found', () => after++);
    await call(host, 'guess', { text: 'Köln' });
    await call(host, 'room:state', {});
    expect(after).toBe(0);
  });
});

describe('many rooms', () => {
  test('a frame lists the 500 busiest rooms (the one being played among them) and counts them all', async () => {
    const { cookie } = await logIn(PASSWORD);
    const host = await connectPlayer(server.url);
    const created = await call(host, 'room:create', { nickname: 'Ann', settings: { scope: 'DE' } });
    await call(host, 'game:start', {});
    await call(host, 'guess', { text: 'Hamburg' });
    const settings = { ...DEFAULT_SETTINGS, scope: 'DE' };
    for (let i = 0; i < MAX_ROOM_ROWS; i++) {
      await server.store.create(settings, { places: 1, population: 1 }, Date.now());
    }
    const dashboard = operatorSocket('/admin', cookie);
    const frame = await new Promise<AdminFrame>((resolve) =>
      dashboard.on('admin:frame', (f: AdminFrame) => {
        if (f.roomCount > MAX_ROOM_ROWS && f.rooms.some((r) => r.code === created.room.code))
          resolve(f);
      }),
    );
    expect(frame.rooms).toHaveLength(MAX_ROOM_ROWS);
    expect(frame.roomCount).toBeGreaterThan(MAX_ROOM_ROWS);
    expect(frame.roomsByPhase.lobby).toBeGreaterThanOrEqual(MAX_ROOM_ROWS);
  });
});

describe('browser errors on the dashboard', () => {
  test('a report from a browser shows in the next frames, counted per minute', async () => {
    const { cookie } = await logIn(PASSWORD);
    const dashboard = operatorSocket('/admin', cookie);
    expect(await connected(dashboard)).toEqual({ ok: true });
    const shown = new Promise<AdminFrame>((resolve) =>
      dashboard.on('admin:frame', (frame: AdminFrame) => {
        if (frame.clientErrors.some((r) => r.message === 'TypeError: map is undefined'))
          resolve(frame);
      }),
    );
    const report = await fetch(`${server.url}/api/client-errors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'error',
        message: 'TypeError: map is undefined',
        stack: 'at openMap (room.ts:80)',
        page: '/r/ACDEFG',
        version: '0.1.0',
      }),
    });
    expect(report.status).toBe(204);
    const frame = await shown;
    expect(frame.clientErrors[0]).toMatchObject({ page: '/r/ACDEFG', kind: 'error' });
    expect(frame.total.clientErrorsPerMinute).toBeGreaterThanOrEqual(1);
  });
});

describe('the visitor counts', () => {
  const report = async (cookie: string): Promise<VisitorsReport> => {
    const response = await fetch(`${server.url}/admin/api/visitors?days=30`, {
      headers: { cookie },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as VisitorsReport;
  };
  const games = (r: VisitorsReport) =>
    r.games.find((g) => g.scope === 'DE') ?? { scope: 'DE', started: 0, finished: 0 };
  const pageViews = (r: VisitorsReport, page: string) =>
    r.pages.find((p) => p.key === page)?.count ?? 0;

  test('without a session, neither the report nor the CSV', async () => {
    for (const path of ['/admin/api/visitors', '/admin/visitors.csv']) {
      expect(await page(path)).toEqual({ status: 401, text: '{"error":"unauthorized"}' });
      expect((await page(path, 'placerace_admin=forged-session-id-of-some-length')).status).toBe(
        401,
      );
    }
  });

  test('a game played and a page viewed are in the report and the CSV at once', async () => {
    const { cookie } = await logIn(PASSWORD);
    // The shared database keeps earlier runs' counts: what this test adds is the difference.
    const before = await report(cookie);

    const host = await connectPlayer(server.url);
    expect(
      (await call(host, 'room:create', { nickname: 'Ann', settings: { scope: 'DE' } })).ok,
    ).toBe(true);
    expect((await call(host, 'game:start', {})).ok).toBe(true);
    expect((await call(host, 'game:end', {})).ok).toBe(true);
    const beacon = await fetch(`${server.url}/api/visit`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: server.url,
        'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
      },
      body: JSON.stringify({ page: '/g/:id', referrer: '', width: 1280 }),
    });
    expect(beacon.status).toBe(204);

    const after = await report(cookie);
    expect(games(after)).toEqual({
      scope: 'DE',
      started: games(before).started + 1,
      finished: games(before).finished + 1,
    });
    expect(pageViews(after, '/g/:id')).toBe(pageViews(before, '/g/:id') + 1);
    const today = new Date().toISOString().slice(0, 10);
    expect(after.to).toBe(today);
    expect(after.viewsPerDay).toHaveLength(30);
    expect(after.viewsPerDay.at(-1)!.views).toBe(before.viewsPerDay.at(-1)!.views + 1);
    // The day's games, for the chart: the one started and finished here among them.
    expect(after.gamesPerDay).toHaveLength(30);
    expect(after.gamesPerDay.at(-1)).toEqual({
      day: today,
      started: before.gamesPerDay.at(-1)!.started + 1,
      finished: before.gamesPerDay.at(-1)!.finished + 1,
    });

    const csv = await fetch(`${server.url}/admin/visitors.csv`, { headers: { cookie } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toContain('placerace-visitors.csv');
    const lines = (await csv.text()).trimEnd().split('\n');
    expect(lines[0]).toBe('day,kind,key,count');
    const started = lines.find((line) => line.startsWith(`${today},game_started,DE,`));
    expect(Number(started?.split(',')[3])).toBeGreaterThanOrEqual(1);
  });
});

describe('impossible errors', () => {
  test('a handler that throws is answered "internal", written to impossible.log and counted on the dashboard', async () => {
    const { cookie } = await logIn(PASSWORD);
    const dashboard = operatorSocket('/admin', cookie);
    expect(await connected(dashboard)).toEqual({ ok: true });
    const counted = new Promise<AdminFrame>((resolve) =>
      dashboard.on('admin:frame', (frame: AdminFrame) => {
        if (frame.total.impossiblePerMinute > 0) resolve(frame);
      }),
    );
    const host = await connectPlayer(server.url);
    await call(host, 'room:create', { nickname: 'Ann', settings: { scope: 'DE' } });
    // Fault injection: a bug in the store, which by contract only ever fails with StoreUnavailableError.
    const state = server.store.state.bind(server.store);
    server.store.state = () => Promise.reject(new Error('a bug in the store'));
    try {
      expect(await call(host, 'room:state', {})).toMatchObject({
        ok: false,
        error: { code: 'internal' },
      });
    } finally {
      server.store.state = state;
    }
    await counted;
    const line = await eventually(
      async () => {
        const log = await readFile(join(server.files, 'impossible.log'), 'utf8');
        return log.split('\n').find((l) => l.includes('a bug in the store'));
      },
      5000,
      'the line in impossible.log',
    );
    expect(JSON.parse(line)).toMatchObject({ level: 50, impossible: 'an event handler threw' });
  });
});

describe('brute force', () => {
  // Last: it locks 127.0.0.1 out for 15 minutes on this node.
  test('ten wrong passwords from one address lock it out, the right password included', async () => {
    for (let i = 1; i <= 9; i++)
      expect((await logIn(`guess ${i}`)).text).toContain('Wrong password');
    const tenth = await logIn('guess 10');
    expect(tenth.status).toBe(429);
    expect(tenth.text).toContain('Too many attempts');
    const right = await logIn(PASSWORD);
    expect(right.status).toBe(429);
    expect(right.text).toContain('Too many attempts');
    expect(right.setCookie).toBe('');
  });
});

function nextEventOf<T>(socket: Socket, event: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within 10 s`)), 10_000);
    socket.once(event, (value: T) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

/**
 * The admin pages alone behind a TLS proxy (TRUST_PROXY 1), logging into
 * `lines`; `login` posts the password from the address the proxy names.
 */
async function withProxiedAdmin(
  body: (login: (password: string, ip: string) => Promise<Response>) => Promise<void>,
  lines: string[] = [],
) {
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  const app = createApp({
    ready: () => undefined,
    trustProxy: 1,
    log,
    admin: createAdminRouter({
      password: PASSWORD,
      sessions: new MemoryAdminSessions(),
      guard: createLoginGuard(undefined, { delaySeconds: () => 0 }),
      codes: new MemoryUnlockCodes(),
      origins: createOriginPolicy({ trustProxy: 1 }),
      log,
      dashboardFile: '/nonexistent/admin.html',
      history: () => undefined,
    }),
  });
  const http = createServer(app);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  try {
    await body((password, ip) =>
      fetch(`http://127.0.0.1:${port}/admin/login`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-proto': 'https',
          'x-forwarded-for': ip,
          // The login page as the proxy serves it: https, this host.
          origin: `https://127.0.0.1:${port}`,
        },
        body: new URLSearchParams({ password }),
        redirect: 'manual',
      }),
    );
  } finally {
    http.close();
  }
}
