/**
 * Hostile probes of one node over real sockets and HTTP (issue 14): pages of
 * other origins open no socket on any namespace, by websocket or polling;
 * programs (no Origin) still play but get no operator feed; cross-origin
 * login, logout and error reports are refused (403) before anything counts;
 * the login's locks (per source, and for everyone), its growing delay and
 * the unlock code from the log; the per-address connection cap.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import type { Database } from '../db/database.js';
import { PROTOCOL_VERSION } from '../protocol/schemas.js';
import { createAdminRouter } from '../server/admin/admin-router.js';
import { MemoryAdminSessions, type AdminSessions } from '../server/admin/admin-sessions.js';
import {
  createLoginGuard,
  loginSource,
  type LoginGuardOptions,
} from '../server/admin/login-guard.js';
import {
  MemoryUnlockCodes,
  RedisUnlockCodes,
  type UnlockCodes,
} from '../server/admin/unlock-codes.js';
import { createApp } from '../server/app.js';
import { createOriginPolicy, parseOrigins } from '../server/origins.js';
import { connectCacheRedis, redisReady } from '../server/redis.js';
import { deleteKeys } from './support/cluster.js';
import { pgliteDatabase } from './support/databases.js';
import { call, connectPlayer, disconnectAll, startTestNode } from './support/game-client.js';
import type { TestNode } from './support/game-client.js';
import { eventually } from './support/processes.js';
import { describeWith, redisUrl } from './support/services.js';

const PASSWORD = 'correct horse battery staple';
const EVIL = 'https://evil.example';
let db: Database;
let server: TestNode;
const lines: string[] = [];
const opened: Socket[] = [];

beforeAll(async () => {
  db = await pgliteDatabase.openImported();
  server = await startTestNode(db, {
    adminPassword: PASSWORD,
    loginGuard: { delaySeconds: () => 0 },
    log: pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }),
  });
});
afterAll(async () => {
  disconnectAll();
  await closeAll(server);
  await server.close();
  await db.close();
});

/**
 * Closes the suite's sockets and waits until the node has seen them go: a polling
 * connection the node closes itself waits 30 s for a poll that never comes.
 */
async function closeAll(node: TestNode) {
  for (const socket of opened.splice(0)) socket.disconnect();
  await eventually(
    async () => node.node.io.engine.clientsCount === 0 || undefined,
    5000,
    'the sockets to close',
  );
}

type Outcome =
  | { connected: true; socket: Socket }
  | { connected: false; message: string; code?: string; status?: string; body?: string };

/** Opens a socket as a browser page of `origin` would (or a program, without one) and says what happened. */
function probe(
  namespace: string,
  options: {
    transport: 'websocket' | 'polling';
    origin?: string;
    cookie?: string;
    fetchSite?: string;
    url?: string;
  },
): Promise<Outcome> {
  const headers: Record<string, string> = {};
  if (options.origin) headers.origin = options.origin;
  if (options.cookie) headers.cookie = options.cookie;
  if (options.fetchSite) headers['sec-fetch-site'] = options.fetchSite;
  const socket = connect(`${options.url ?? server.url}${namespace}`, {
    auth: { protocolVersion: PROTOCOL_VERSION },
    transports: [options.transport],
    extraHeaders: headers,
    reconnection: false,
    forceNew: true,
  });
  opened.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ connected: true, socket }));
    socket.once(
      'connect_error',
      (err: Error & { data?: { code?: string }; description?: unknown; context?: unknown }) => {
        socket.close();
        const description = err.description as { message?: string } | number | undefined;
        resolve({
          connected: false,
          message: err.message,
          code: err.data?.code,
          status: String(typeof description === 'object' ? description?.message : description),
          body: (err.context as { responseText?: string } | undefined)?.responseText,
        });
      },
    );
  });
}

async function logIn(origin: string | undefined = server.url, password = PASSWORD) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (origin) headers.origin = origin;
  const response = await fetch(`${server.url}/admin/login`, {
    method: 'POST',
    headers,
    body: new URLSearchParams({ password }),
    redirect: 'manual',
  });
  const setCookie = response.headers.get('set-cookie') ?? '';
  return { status: response.status, text: await response.text(), cookie: setCookie.split(';')[0]! };
}

describe('sockets from pages of other origins', () => {
  test.each(['websocket', 'polling'] as const)(
    'a foreign page is refused on / and on /admin (%s), the operator cookie or not',
    async (transport) => {
      const { cookie } = await logIn();
      expect(cookie).toMatch(/^placerace_admin=/);
      const before = server.node.io.engine.clientsCount;
      for (const namespace of ['/', '/admin']) {
        // Another site, and a page of this site on another port (same site: the cookie goes along).
        for (const origin of [EVIL, 'http://127.0.0.1:1', 'null']) {
          const outcome = await probe(namespace, { transport, origin, cookie });
          expect(outcome.connected).toBe(false);
          if (outcome.connected) continue;
          // Refused by engine.io before any namespace: 403 (polling) or 400 (websocket upgrade).
          expect(outcome.status).toMatch(transport === 'polling' ? /^403$/ : /400/);
          if (transport === 'polling') expect(outcome.body).toContain('may not connect');
        }
      }
      expect(server.node.io.engine.clientsCount).toBe(before);
    },
  );

  test('the refusal says why, for people, in the handshake response', async () => {
    const response = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: EVIL },
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { message: string }).message).toBe(
      `${EVIL} may not connect to this game server: open the game from its own address ` +
        '(the operator can allow other origins in ALLOWED_ORIGINS)',
    );
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.origin === EVIL);
    expect(logged).toMatchObject({ level: 30, msg: 'socket refused: a page of another origin' });
    expect(logged.allowed).toEqual([server.url]);
    // What fail2ban's origins jail reads: the address, and no Sec-Fetch-Site (a program).
    expect(logged).toMatchObject({ ip: '127.0.0.1', fetchSite: '' });
  });

  test.each(['websocket', 'polling'] as const)(
    'programs (no Origin) play on / but get no operator feed (%s)',
    async (transport) => {
      const player = await probe('/', { transport });
      expect(player.connected).toBe(true);
      const { cookie } = await logIn();
      const admin = await probe('/admin', { transport, cookie });
      expect(admin).toMatchObject({ connected: false, code: 'bad_request' });
      expect(admin.connected || admin.message).toMatch(
        /open the dashboard from this site's own page/,
      );
      // A page of this site: allowed, by its Origin or (a same-origin polling GET) by Sec-Fetch-Site.
      expect((await probe('/admin', { transport, cookie, origin: server.url })).connected).toBe(
        true,
      );
      expect(
        (await probe('/admin', { transport, cookie, fetchSite: 'same-origin' })).connected,
      ).toBe(true);
      expect((await probe('/admin', { transport, cookie, fetchSite: 'same-site' })).connected).toBe(
        false,
      );
    },
  );

  test('a program with the operator cookie may not spectate; the operator page may', async () => {
    const { cookie } = await logIn();
    const host = await connectPlayer(server.url);
    const { room } = await call(host, 'room:create', {
      nickname: 'Ann',
      settings: { scope: 'DE' },
    });
    const program = await probe('/', { transport: 'websocket', cookie });
    if (!program.connected) throw new Error('a program may connect to /');
    expect(
      await program.socket.timeout(5000).emitWithAck('room:watch', { code: room.code }),
    ).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const page = await probe('/', { transport: 'websocket', cookie, origin: server.url });
    if (!page.connected) throw new Error('the operator page may connect');
    expect(
      await page.socket.timeout(5000).emitWithAck('room:watch', { code: room.code }),
    ).toMatchObject({
      ok: true,
    });
  });
});

describe('state-changing HTTP from other origins', () => {
  test('cross-origin logins are refused (403) and count toward no lock', async () => {
    for (let i = 0; i < 12; i++) {
      const refused = await logIn(EVIL, `guess ${i}`);
      expect(refused.status).toBe(403);
      expect(refused.text).toContain("did not come from this site's own page");
      expect(refused.cookie).toBe('');
    }
    // What a page of another site gets with fetch(no-cors) or a form: no Origin on some old
    // browsers, but Sec-Fetch-Site; and neither from a program.
    for (const headers of [
      { 'sec-fetch-site': 'cross-site' } as Record<string, string>,
      { 'sec-fetch-site': 'same-site' },
      {},
    ]) {
      const response = await fetch(`${server.url}/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ password: PASSWORD }),
        redirect: 'manual',
      });
      expect(response.status).toBe(403);
    }
    expect((await logIn()).status).toBe(303);
    expect(lines.some((l) => l.includes('operator login locked'))).toBe(false);
    expect(lines.some((l) => l.includes('wrong password'))).toBe(false);
  });

  test('a cross-origin logout is refused and the session stays; a same-origin one ends it', async () => {
    const { cookie } = await logIn();
    const logout = (origin: string) =>
      fetch(`${server.url}/admin/logout`, {
        method: 'POST',
        headers: { cookie, origin },
        redirect: 'manual',
      });
    const history = () =>
      fetch(`${server.url}/admin/api/history`, { headers: { cookie } }).then((r) => r.status);
    const refused = await logout(EVIL);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('set-cookie')).toBeNull();
    expect(await history()).toBe(200);
    expect((await logout(server.url)).status).toBe(303);
    expect(await history()).toBe(401);
  });

  test('cross-origin error reports are refused and use up no allowance; programs may report', async () => {
    const report = (headers: Record<string, string>) =>
      fetch(`${server.url}/api/client-errors`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ kind: 'error', message: 'x', page: '/', version: '1' }),
      });
    // More than the 20 an address may send in 10 minutes.
    for (let i = 0; i < 25; i++) {
      const refused = await report({ origin: EVIL });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({ error: 'forbidden' });
    }
    expect((await report({ origin: server.url })).status).toBe(204);
    expect((await report({})).status).toBe(204);
  });
});

/** The admin pages alone behind one trusted proxy, so that each test can post from addresses of its own. */
async function adminApp(
  parts: { guard?: Partial<LoginGuardOptions>; sessions?: AdminSessions; codes?: UnlockCodes } & {
    shared?: { redis: ReturnType<typeof connectCacheRedis>; prefix: string };
  } = {},
) {
  const log: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void log.push(line) });
  const app = createApp({
    ready: () => undefined,
    trustProxy: 1,
    admin: createAdminRouter({
      password: PASSWORD,
      sessions: parts.sessions ?? new MemoryAdminSessions(),
      guard: createLoginGuard(parts.shared, { delaySeconds: () => 0, ...parts.guard }),
      codes: parts.codes ?? new MemoryUnlockCodes(),
      origins: createOriginPolicy({ trustProxy: 1 }),
      log: logger,
      dashboardFile: '/nonexistent/admin.html',
      history: () => undefined,
    }),
  });
  const http = createServer(app);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    log,
    /** The unlock codes logged so far, newest last. */
    codes: () => log.map((l) => JSON.parse(l).unlockCode).filter(Boolean) as string[],
    async post(ip: string, fields: Record<string, string>) {
      const response = await fetch(`${url}/admin/login`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': ip,
          origin: url,
        },
        body: new URLSearchParams(fields),
        redirect: 'manual',
      });
      return { status: response.status, text: await response.text() };
    },
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
}

describe('the login lock and the way back in', () => {
  test('11 wrong passwords lock their source only; its operator gets in with the code from the log', async () => {
    const admin = await adminApp();
    try {
      for (let i = 1; i <= 9; i++) {
        expect((await admin.post('198.51.100.7', { password: `guess ${i}` })).status).toBe(401);
      }
      const tenth = await admin.post('198.51.100.7', { password: 'guess 10' });
      expect(tenth.status).toBe(429);
      expect(tenth.text).toContain('Too many attempts from your address');
      expect(tenth.text).toContain('Unlock code');
      const eleventh = await admin.post('198.51.100.7', { password: PASSWORD });
      expect(eleventh.status).toBe(429);
      // Another source (another customer of the same ISP) is not locked out.
      expect((await admin.post('198.51.100.8', { password: PASSWORD })).status).toBe(303);

      // The lock's log line: warn, the source, the code; never a password.
      const locks = admin.log.map((l) => JSON.parse(l)).filter((l) => l.unlockCode);
      expect(locks).toHaveLength(1);
      expect(locks[0]).toMatchObject({ level: 40, ip: '198.51.100.7', lock: 'source' });
      expect(admin.log.join('\n')).not.toContain('guess ');
      expect(admin.log.join('\n')).not.toContain(PASSWORD);

      const [code] = admin.codes();
      // With the code: a wrong password is still wrong (and the code is kept for the next try).
      const typo = await admin.post('198.51.100.7', { password: 'typo', code: code! });
      expect(typo.status).toBe(401);
      expect(typo.text).toContain('Wrong password');
      const lower = code!.toLowerCase().replace(/-/g, ' ');
      expect((await admin.post('198.51.100.7', { password: PASSWORD, code: lower })).status).toBe(
        303,
      );
      // One login per code.
      const again = await admin.post('198.51.100.7', { password: PASSWORD, code: code! });
      expect(again.status).toBe(401);
      expect(again.text).toContain('That unlock code is not valid');
      // The source's lock itself stays: a neighbour behind the same NAT gets no fresh tries.
      expect((await admin.post('198.51.100.7', { password: PASSWORD })).status).toBe(429);
    } finally {
      await admin.close();
    }
  });

  test('a code is spent after five wrong passwords; made-up codes count as failures', async () => {
    const admin = await adminApp({ guard: { maxFailures: 3 } });
    try {
      for (let i = 0; i < 3; i++) await admin.post('198.51.100.20', { password: 'wrong' });
      const [code] = admin.codes();
      for (let i = 0; i < 5; i++) {
        expect((await admin.post('198.51.100.20', { password: 'wrong', code: code! })).status).toBe(
          401,
        );
      }
      const spent = await admin.post('198.51.100.20', { password: PASSWORD, code: code! });
      expect(spent.text).toContain('That unlock code is not valid');
      // Guessed codes count: two from a fresh source, then its third failure locks it.
      await admin.post('198.51.100.21', { password: PASSWORD, code: 'AAAA-AAAA-AAAA' });
      await admin.post('198.51.100.21', { password: PASSWORD, code: 'not a code' });
      expect((await admin.post('198.51.100.21', { password: 'wrong' })).status).toBe(429);
    } finally {
      await admin.close();
    }
  });

  test('wrong passwords from many sources lock everyone; the code still lets the operator in', async () => {
    const admin = await adminApp({ guard: { everyoneMaxFailures: 6 } });
    try {
      for (let i = 1; i <= 6; i++) await admin.post(`203.0.113.${i}`, { password: 'wrong' });
      const fresh = await admin.post('203.0.113.99', { password: PASSWORD });
      expect(fresh.status).toBe(429);
      expect(fresh.text).toContain('the login is locked for everyone');
      const [code] = admin.codes();
      expect(admin.log.map((l) => JSON.parse(l)).find((l) => l.unlockCode)).toMatchObject({
        lock: 'everyone',
      });
      expect((await admin.post('203.0.113.99', { password: PASSWORD, code: code! })).status).toBe(
        303,
      );
    } finally {
      await admin.close();
    }
  });

  test('from the third wrong password a source waits before its next try is looked at', async () => {
    const admin = await adminApp({ guard: { delaySeconds: (n) => (n >= 2 ? 1 : 0) } });
    try {
      expect((await admin.post('198.51.100.30', { password: 'wrong' })).status).toBe(401);
      expect((await admin.post('198.51.100.30', { password: 'wrong' })).status).toBe(401);
      const early = await admin.post('198.51.100.30', { password: PASSWORD });
      expect(early.status).toBe(429);
      expect(early.text).toMatch(/Wait 1 s before the next try/);
      // Not counted, and once the delay is over the right password works.
      const status = await eventually(
        async () => {
          const answer = await admin.post('198.51.100.30', { password: PASSWORD });
          return answer.status === 303 ? answer.status : undefined;
        },
        5000,
        'the delay to end',
      );
      expect(status).toBe(303);
    } finally {
      await admin.close();
    }
  });

  test('an IPv6 subscriber is one source (its /64); IPv4 addresses are their own', () => {
    expect(loginSource('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(loginSource('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(loginSource('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(loginSource('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(loginSource('198.51.100.7')).toBe('198.51.100.7');
  });

  test('ALLOWED_ORIGINS takes origins only', () => {
    expect(parseOrigins('https://Game.Example.org, http://localhost:5173/')).toEqual([
      'https://game.example.org',
      'http://localhost:5173',
    ]);
    expect(parseOrigins('https://game.example.org:443')).toEqual(['https://game.example.org']);
    expect(() => parseOrigins('https://game.example.org/play')).toThrow(/not an origin/);
    expect(() => parseOrigins('game.example.org')).toThrow(/not an origin/);
    expect(() => parseOrigins('ftp://game.example.org')).toThrow(/not an origin/);
  });
});

describeWith('REDIS_URL')('the lock across nodes (Redis)', () => {
  test('a lock made through one node holds on the other; its code works on either', async () => {
    const redis = connectCacheRedis(redisUrl!);
    await redisReady(redis);
    const prefix = `prtest-${randomBytes(6).toString('hex')}:`;
    const shared = { redis, prefix };
    const sessions = new MemoryAdminSessions();
    const one = await adminApp({ shared, sessions, codes: new RedisUnlockCodes(redis, prefix) });
    const two = await adminApp({ shared, sessions, codes: new RedisUnlockCodes(redis, prefix) });
    try {
      for (let i = 0; i < 5; i++) await one.post('198.51.100.40', { password: 'wrong' });
      for (let i = 0; i < 5; i++) await two.post('198.51.100.40', { password: 'wrong' });
      expect((await one.post('198.51.100.40', { password: PASSWORD })).status).toBe(429);
      expect((await two.post('198.51.100.40', { password: PASSWORD })).status).toBe(429);
      const [code] = two.codes();
      expect(code).toBeDefined();
      expect((await one.post('198.51.100.40', { password: PASSWORD, code: code! })).status).toBe(
        303,
      );
    } finally {
      await one.close();
      await two.close();
      redis.disconnect();
      await deleteKeys(redisUrl!, prefix);
    }
  });
});

describe('connections per address', () => {
  test('the sixth connection from one address is refused with rate_limited; a closed one frees a place', async () => {
    const capped = await startTestNode(db, { connectionsPerAddress: 5 });
    try {
      const five: Socket[] = [];
      for (let i = 0; i < 5; i++) {
        const outcome = await probe('/', {
          transport: i % 2 ? 'polling' : 'websocket',
          url: capped.url,
        });
        if (!outcome.connected) throw new Error(`connection ${i + 1} refused: ${outcome.message}`);
        five.push(outcome.socket);
      }
      for (const transport of ['websocket', 'polling'] as const) {
        const sixth = await probe('/', { transport, url: capped.url });
        expect(sixth).toMatchObject({ connected: false, code: 'rate_limited' });
        expect(sixth.connected || sixth.message).toMatch(
          /^too many connections from your address \(at most 5/,
        );
      }
      five[0]!.disconnect();
      const freed = await eventually(
        async () => {
          const outcome = await probe('/', { transport: 'websocket', url: capped.url });
          return outcome.connected ? outcome : undefined;
        },
        5000,
        'a place to free up',
      );
      expect(freed.connected).toBe(true);
    } finally {
      await closeAll(capped);
      await capped.close();
    }
  });
});
