/**
 * Two real server processes sharing PostgreSQL and Redis (issue 14): a
 * logout through one node cuts the session's dashboards and spectators on
 * both (a cross-origin logout cuts nothing); the connections-per-address cap
 * counts both nodes' connections, frees a place when one closes, and
 * forgets the connections of a node that was killed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../protocol/schemas.js';
import { Cluster } from './support/cluster.js';
import { call, connectPlayer, disconnectAll } from './support/game-client.js';
import { eventually } from './support/processes.js';
import { databaseUrl, describeWith, redisUrl } from './support/services.js';

const describeNodes = describeWith('DATABASE_URL', 'REDIS_URL');

const PASSWORD = 'an operator password for two nodes';
const CAP = 5;

describeNodes('logout and the connection cap across two nodes', () => {
  let cluster: Cluster;
  let files: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    files = mkdtempSync(join(tmpdir(), 'placerace-hostile-nodes-'));
    cluster = await Cluster.start({
      ids: ['node-a', 'node-b'],
      databaseUrl: databaseUrl!,
      redisUrl: redisUrl!,
      env: {
        ADMIN_PASSWORD: PASSWORD,
        LOG_DIR: files,
        HISTORY_FILE: join(files, 'hourly.csv'),
        CONNECTIONS_PER_ADDRESS: String(CAP),
      },
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    disconnectAll();
    await cluster?.stop();
    rmSync(files, { recursive: true, force: true });
  });

  type Outcome = { ok: true } | { ok: false; code?: string; message: string };
  const outcomes = new WeakMap<Socket, Promise<Outcome>>();

  /** A socket as the operator's page on `url` opens it (its origin, the cookie), or a program's (neither). */
  function open(url: string, namespace = '/', cookie?: string): Socket {
    const socket = connect(`${url}${namespace}`, {
      auth: { protocolVersion: PROTOCOL_VERSION },
      transports: ['websocket'],
      extraHeaders: cookie ? { cookie, origin: url } : {},
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    // Listened for at once: the connection may be made before the test asks.
    outcomes.set(
      socket,
      new Promise((resolve) => {
        socket.once('connect', () => resolve({ ok: true }));
        socket.once('connect_error', (err: Error & { data?: { code?: string } }) =>
          resolve({ ok: false, code: err.data?.code, message: err.message }),
        );
      }),
    );
    return socket;
  }

  /** Whether the socket connected, or the refusal's code and message. */
  const outcome = (socket: Socket) => outcomes.get(socket)!;

  const disconnected = (socket: Socket) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('still connected after 10 s')), 10_000);
      socket.once('disconnect', (reason) => {
        clearTimeout(timer);
        resolve(reason);
      });
    });

  /** `promise`, or a failure naming `what` after 10 s. */
  const within = <T>(promise: Promise<T>, what: string) =>
    Promise.race([
      promise,
      new Promise<never>((_resolve, reject) =>
        setTimeout(() => reject(new Error(`no ${what} within 10 s`)), 10_000).unref(),
      ),
    ]);

  async function logIn(url: string) {
    const response = await fetch(`${url}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
      body: new URLSearchParams({ password: PASSWORD }),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  }

  const logOut = (url: string, cookie: string, origin: string) =>
    fetch(`${url}/admin/logout`, {
      method: 'POST',
      headers: { cookie, origin },
      redirect: 'manual',
    }).then((r) => r.status);

  test('a logout through node B ends the dashboards and spectators of its session on both nodes', async () => {
    await cluster.explain(async () => {
      const cookie = await logIn(cluster.url(0));
      const host = await connectPlayer(cluster.url(1));
      const { room } = await call(host, 'room:create', {
        nickname: 'Ann',
        settings: { scope: 'DE' },
      });
      await call(host, 'game:start', {});

      const dashboards = [
        open(cluster.url(0), '/admin', cookie),
        open(cluster.url(1), '/admin', cookie),
      ];
      const spectators = [open(cluster.url(0), '/', cookie), open(cluster.url(1), '/', cookie)];
      for (const socket of [...dashboards, ...spectators])
        expect(await outcome(socket)).toEqual({ ok: true });
      for (const spectator of spectators) {
        const watched = await spectator
          .timeout(5000)
          .emitWithAck('room:watch', { code: room.code });
        expect(watched).toMatchObject({ ok: true });
      }
      const frames = dashboards.map(
        (d) => new Promise<void>((resolve) => d.once('admin:frame', () => resolve())),
      );
      await within(Promise.all(frames), 'frame on both dashboards');

      // Another site's form posting to /admin/logout with the cookie: refused, nothing cut.
      expect(await logOut(cluster.url(1), cookie, 'https://evil.example')).toBe(403);
      const seen = new Promise((resolve) => spectators[0]!.once('place:found', resolve));
      expect((await call(host, 'guess', { text: 'Hamburg' })).result.kind).toBe('found');
      await within(seen, 'find seen by the spectator');
      expect([...dashboards, ...spectators].every((s) => s.connected)).toBe(true);

      const cut = [...dashboards, ...spectators].map(disconnected);
      expect(await logOut(cluster.url(1), cookie, cluster.url(1))).toBe(303);
      // Told by the server (no automatic reconnection): the page reloads into the login.
      expect(await Promise.all(cut)).toEqual(Array(4).fill('io server disconnect'));

      let leaked = 0;
      for (const spectator of spectators) spectator.on('place:found', () => leaked++);
      expect((await call(host, 'guess', { text: 'Köln' })).result.kind).toBe('found');
      // The session is over on both nodes: the dashboard is refused, and so is a watch.
      for (const url of [cluster.url(0), cluster.url(1)]) {
        expect(await outcome(open(url, '/admin', cookie))).toMatchObject({
          ok: false,
          code: 'unauthorized',
        });
        const again = open(url, '/', cookie);
        await outcome(again);
        expect(
          await again.timeout(5000).emitWithAck('room:watch', { code: room.code }),
        ).toMatchObject({
          ok: false,
          error: { code: 'unauthorized' },
        });
        again.disconnect();
      }
      expect(leaked).toBe(0);
    });
  });

  test(`at most ${CAP} connections from one address over both nodes, and none kept by a killed node`, async () => {
    await cluster.explain(async () => {
      for (const socket of sockets.splice(0)) socket.disconnect();
      disconnectAll();
      const [a, b] = [cluster.url(0), cluster.url(1)];
      /** Connects to `url`, retrying while the places of closed sockets are given back. */
      const take = (url: string) =>
        eventually(
          async () => {
            const socket = open(url);
            if ((await outcome(socket)).ok) return socket;
            socket.close();
            return undefined;
          },
          20_000,
          `a place on ${url}`,
        );
      const onA = [await take(a), await take(a), await take(a)];
      const onB = [await take(b), await take(b)];
      for (const url of [a, b]) {
        const sixth = await outcome(open(url));
        expect(sixth).toMatchObject({ ok: false, code: 'rate_limited' });
        expect(sixth.ok || sixth.message).toMatch(
          /too many connections from your address \(at most 5/,
        );
      }

      // One closes on A: B may take its place.
      onA.pop()!.disconnect();
      onB.push(await take(b));
      expect(await outcome(open(a))).toMatchObject({ ok: false, code: 'rate_limited' });

      // B dies with three of them. Its heartbeat goes stale and its count with it, on A alone.
      await cluster.kill(1);
      expect(await outcome(open(a))).toMatchObject({ ok: false, code: 'rate_limited' });
      const started = Date.now();
      onA.push(await take(a));
      const freedAfterMs = Date.now() - started;
      onA.push(await take(a), await take(a));
      expect(onA.filter((s) => s.connected)).toHaveLength(CAP);
      expect(await outcome(open(a))).toMatchObject({ ok: false, code: 'rate_limited' });
      // Ten seconds without a heartbeat, give or take a beat.
      expect(freedAfterMs).toBeLessThan(20_000);
    });
  });
});
