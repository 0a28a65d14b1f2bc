/**
 * The operator's view across nodes: two real server processes share
 * PostgreSQL and Redis. A login on one node is a login on both; the
 * dashboard served by one node shows both nodes, the room and the game
 * played through the other; the spectator on one node sees a find made
 * through the other.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import type { AdminFrame } from '../protocol/admin.js';
import { PROTOCOL_VERSION } from '../protocol/schemas.js';
import type { Find } from '../protocol/types.js';
import { Cluster } from './support/cluster.js';
import { call, connectPlayer, disconnectAll } from './support/game-client.js';
import { databaseUrl, describeWith, redisUrl } from './support/services.js';

const describeNodes = describeWith('DATABASE_URL', 'REDIS_URL');

const PASSWORD = 'an operator password for two nodes';

describeNodes('the operator across two nodes', () => {
  let cluster: Cluster;
  let files: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    files = mkdtempSync(join(tmpdir(), 'placerace-admin-nodes-'));
    cluster = await Cluster.start({
      ids: ['node-a', 'node-b'],
      databaseUrl: databaseUrl!,
      redisUrl: redisUrl!,
      env: { ADMIN_PASSWORD: PASSWORD, LOG_DIR: files, HISTORY_FILE: join(files, 'hourly.csv') },
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    disconnectAll();
    await cluster?.stop();
    rmSync(files, { recursive: true, force: true });
  });

  /** The operator's page on the node of `url`: its origin goes with the cookie. */
  function socketTo(url: string, cookie: string): Socket {
    const socket = connect(url, {
      auth: { protocolVersion: PROTOCOL_VERSION },
      transports: ['websocket'],
      extraHeaders: { cookie, origin: new URL(url).origin },
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    return socket;
  }

  test('one login, both nodes in the frame, a game through the other node watched live', async () => {
    await cluster.explain(async () => {
      const login = await fetch(`${cluster.url(0)}/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: cluster.url(0) },
        body: new URLSearchParams({ password: PASSWORD }),
        redirect: 'manual',
      });
      expect(login.status).toBe(303);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      // The session opened on node A is valid on node B.
      const onB = await fetch(`${cluster.url(1)}/admin/api/history`, { headers: { cookie } });
      expect(onB.status).toBe(200);

      // A game through node B.
      const host = await connectPlayer(cluster.url(1));
      const created = await call(host, 'room:create', {
        nickname: 'Ann',
        settings: { scope: 'DE' },
      });
      const code: string = created.room.code;
      await call(host, 'game:start', {});
      expect((await call(host, 'guess', { text: 'Hamburg' })).result.kind).toBe('found');

      // The dashboard, served by node A: both nodes, the room, the guess.
      const dashboard = socketTo(`${cluster.url(0)}/admin`, cookie);
      const frame = await new Promise<AdminFrame>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error('no frame with both nodes and the guess')),
          15_000,
        );
        dashboard.on('admin:frame', (f: AdminFrame) => {
          const room = f.rooms.find((r) => r.code === code);
          if (f.nodes.length === 2 && room?.finds === 1 && f.total.guessesPerSecond > 0) {
            clearTimeout(timer);
            resolve(f);
          }
        });
      });
      expect(frame.nodes.map((n) => n.node)).toEqual(['node-a', 'node-b']);
      const nodeB = frame.nodes.find((n) => n.node === 'node-b')!;
      expect(nodeB.players).toBe(1);
      expect(nodeB.guessesPerSecond).toBeGreaterThan(0);
      expect(frame.nodes.find((n) => n.node === 'node-a')!.guessesPerSecond).toBe(0);
      expect(frame.total.players).toBe(1);
      expect(frame.rooms.find((r) => r.code === code)).toMatchObject({
        phase: 'playing',
        players: 1,
      });
      expect(frame.rooms.find((r) => r.code === code)!.guessesPerSecond).toBeGreaterThan(0);

      // The spectator on node A sees a find made through node B.
      const spectator = socketTo(cluster.url(0), cookie);
      await new Promise<void>((resolve) => spectator.once('connect', () => resolve()));
      const watched = await spectator.timeout(5000).emitWithAck('room:watch', { code });
      expect(watched).toMatchObject({ ok: true });
      const seen = new Promise<Find>((resolve) => spectator.once('place:found', resolve));
      await call(host, 'guess', { text: 'Köln' });
      expect((await seen).place.name).toMatch(/^(Köln|Cologne)$/);
    });
  });
});
