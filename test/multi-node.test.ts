/**
 * Issue 5: one game served by several nodes. Real server processes
 * (test/support/cluster.ts) share the PostgreSQL at DATABASE_URL and the
 * Redis at REDIS_URL, each run under a Redis prefix of its own; real
 * socket.io clients of one room sit on different nodes. Every wait is for
 * an event, with a deadline; that nothing more came is shown by a later
 * broadcast (laterBroadcastsHeard). The only fixed pauses pace the commands
 * sent during and after a Redis outage (its three seconds are the scenario),
 * to keep within the rate limits.
 *
 * The nodes keep their default rate limits, and the suite stays within
 * them: a socket may send 20 guesses at once, then about 10 a second; one
 * address (all of ours are 127.0.0.1) may create 20 rooms and join 120 times
 * a minute, counted over all the nodes of a prefix.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { seededRandom } from '../loadtest/random.js';
import type { Find, GameEnded, RoomState } from '../protocol/types.js';
import { Cluster } from './support/cluster.js';
import {
  call,
  connectPlayer,
  disconnectAll,
  nextEvent,
  type PlayerSocket,
} from './support/game-client.js';
import { eventually, freePort } from './support/processes.js';
import { databaseUrl, describeWith, redisUrl } from './support/services.js';
import { germanNames, shuffled } from './support/german-names.js';

const describeNodes = describeWith('DATABASE_URL', 'REDIS_URL');

/** German names that each match exactly one place in the DE scope. */
const CITIES = [
  'Berlin',
  'Hamburg',
  'München',
  'Köln',
  'Frankfurt am Main',
  'Stuttgart',
  'Düsseldorf',
  'Leipzig',
  'Dortmund',
  'Bremen',
  'Dresden',
  'Hannover',
  'Nürnberg',
  'Duisburg',
  'Bochum',
  'Wuppertal',
  'Bielefeld',
  'Bonn',
  'Karlsruhe',
  'Mannheim',
  'Augsburg',
  'Wiesbaden',
  'Rostock',
  'Potsdam',
  'Erfurt',
  'Mainz',
  'Lübeck',
];

/** A socket in a room, with everything the room sent it. */
interface Player {
  nickname: string;
  /** The cluster node it is connected to. */
  node: number;
  socket: PlayerSocket;
  playerId: string;
  token: string;
  finds: Find[];
  ended: { at: number; message: GameEnded }[];
  states: RoomState[];
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Ack = any;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Fails with the whole ack (not just `ok`) and what was asked. */
function expectOk(ack: Ack, what: string): void {
  if (!ack?.ok) throw new Error(`${what} answered ${JSON.stringify(ack)}`);
}

async function openSocket(cluster: Cluster, node: number) {
  const socket = await connectPlayer(cluster.url(node));
  const heard = {
    finds: [] as Find[],
    ended: [] as Player['ended'],
    states: [] as RoomState[],
  };
  socket.on('place:found', (find) => heard.finds.push(find));
  socket.on('game:ended', (message) => heard.ended.push({ at: Date.now(), message }));
  socket.on('room:state', (state) => heard.states.push(state));
  return { socket, heard };
}

async function createRoom(
  cluster: Cluster,
  node: number,
  nickname: string,
  settings: Record<string, unknown>,
): Promise<{ code: string; host: Player; room: RoomState }> {
  const { socket, heard } = await openSocket(cluster, node);
  const ack: Ack = await call(socket, 'room:create', { nickname, settings });
  expectOk(ack, `room:create on node ${node}`);
  const host: Player = {
    nickname,
    node,
    socket,
    playerId: ack.you.playerId,
    token: ack.you.sessionToken,
    ...heard,
  };
  return { code: ack.room.code, host, room: ack.room };
}

async function joinRoom(
  cluster: Cluster,
  node: number,
  code: string,
  nickname: string,
  sessionToken?: string,
): Promise<{ player: Player; room: RoomState }> {
  const { socket, heard } = await openSocket(cluster, node);
  const payload = sessionToken ? { code, nickname, sessionToken } : { code, nickname };
  const ack: Ack = await call(socket, 'room:join', payload);
  expectOk(ack, `room:join ${code} as ${nickname} on node ${node}`);
  const player: Player = {
    nickname,
    node,
    socket,
    playerId: ack.you.playerId,
    token: ack.you.sessionToken,
    ...heard,
  };
  return { player, room: ack.room };
}

/** The host starts; resolves once every player has heard the room is playing. */
async function startGame(host: Player, players: Player[]): Promise<RoomState> {
  const playing = players.map((p) =>
    nextEvent(p.socket, 'room:state', (s) => s.phase === 'playing'),
  );
  expect(await call(host.socket, 'game:start', {})).toEqual({ ok: true });
  const states = await Promise.all(playing);
  return states[0]!;
}

/** Waits until `done()`; on the deadline, fails with what `status()` says. */
async function waitUntil(
  done: () => boolean,
  timeoutMs: number,
  status: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${status()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * For "exactly once": resolves when nothing the room's nodes broadcast so far
 * can still be on its way. A player joins the room on each of `nodes` (every
 * node that serves it), and every one of `players` hears those joins'
 * room:state. A node puts each broadcast in the one Redis stream before it
 * delivers it to its own sockets, and delivers the other nodes' broadcasts in
 * the stream's order; so whatever these nodes broadcast before the joins
 * reached each player before the joins did. (An ack would not do: it comes
 * from the player's own node, ahead of what other nodes relay.)
 */
async function laterBroadcastsHeard(
  cluster: Cluster,
  code: string,
  nodes: readonly number[],
  players: Player[],
): Promise<void> {
  const joins = await Promise.all(
    nodes.map((node) => joinRoom(cluster, node, code, `Marker ${node}`)),
  );
  // The room a join's ack returns is the one it broadcast: the same seq.
  const seqs = joins.map((j) => j.room.seq);
  const heard = (p: Player) => seqs.filter((seq) => p.states.some((s) => s.seq === seq)).length;
  await waitUntil(
    () => players.every((p) => heard(p) === seqs.length),
    10_000,
    () =>
      `room:state of the joins on nodes ${nodes.join(', ')} heard: ${players.map((p) => `${p.nickname}@${p.node}=${heard(p)}`).join(', ')} of ${seqs.length}`,
  );
}

const findKey = (f: Find) => `${f.seq}:${f.place.id}:${f.playerId}`;

/** Every player heard the same finds, each once: the room's seq → place → finder. */
function expectSameFinds(players: Player[], expected: Find[]): void {
  const want = expected.map(findKey).sort();
  for (const p of players) {
    expect({ player: p.nickname, finds: p.finds.map(findKey).sort() }).toEqual({
      player: p.nickname,
      finds: want,
    });
  }
}

/** Seqs of a game's finds: unique, and one after another (nothing else happened meanwhile). */
function expectContiguous(finds: Find[]): void {
  const seqs = finds.map((f) => f.seq).sort((a, b) => a - b);
  expect(new Set(seqs).size).toBe(seqs.length);
  const first = seqs[0]!;
  expect(seqs).toEqual(seqs.map((_, i) => first + i));
}

/** The guesses a room's acks answered, grouped the ways the checks need. */
function tally(acks: { player: Player; text: string; ack: Ack }[]) {
  const found = acks.filter((a) => a.ack.ok && a.ack.result.kind === 'found');
  const finderOf = new Map<number, string>();
  const scores = new Map<string, number>();
  for (const a of found) {
    finderOf.set(a.ack.result.place.id, a.player.playerId);
    scores.set(a.player.playerId, (scores.get(a.player.playerId) ?? 0) + 1);
  }
  return { found, finderOf, scores };
}

describeNodes('several nodes, one game', () => {
  const dbUrl = databaseUrl!;
  const sharedRedis = redisUrl!;
  let sql: pg.Client;

  beforeAll(async () => {
    sql = new pg.Client({ connectionString: dbUrl });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
  });
  afterEach(() => disconnectAll());

  describe('three nodes on the shared Redis', () => {
    let cluster: Cluster;

    beforeAll(async () => {
      cluster = await Cluster.start({
        ids: ['node-a', 'node-b', 'node-c'],
        databaseUrl: dbUrl,
        redisUrl: sharedRedis,
      });
    }, 90_000);
    afterAll(async () => {
      await cluster?.stop();
    });

    test('players on three nodes race in one room and see the same game', async () => {
      await cluster.explain(async () => {
        const { code, host, room } = await createRoom(cluster, 0, 'Ann', {
          scope: 'DE',
          public: true,
        });
        expect(room.settings.scope).toBe('DE');
        const players = [host];
        for (const [node, nickname] of [
          [1, 'Ben'],
          [2, 'Cid'],
          [0, 'Dan'],
          [1, 'Eve'],
          [2, 'Fay'],
        ] as const) {
          players.push((await joinRoom(cluster, node, code, nickname)).player);
        }
        // A second public room, made on another node, for the lobby.
        const other = await createRoom(cluster, 2, 'Gus', { scope: 'FR', public: true });

        // The public lobby is the same from every node.
        const lobbies = await Promise.all(
          [0, 1, 2].map(async (i) => {
            const response = await fetch(`${cluster.url(i)}/api/rooms`);
            expect(response.status).toBe(200);
            const body = (await response.json()) as { rooms: { code: string }[]; total: number };
            return { ...body, rooms: [...body.rooms].sort((a, b) => a.code.localeCompare(b.code)) };
          }),
        );
        expect(lobbies[0]!.rooms).toContainEqual({
          code,
          scope: 'DE',
          mode: 'race',
          players: 6,
          maxPlayers: 16,
          running: false,
        });
        expect(lobbies[0]!.rooms).toContainEqual({
          code: other.code,
          scope: 'FR',
          mode: 'race',
          players: 1,
          maxPlayers: 16,
          running: false,
        });
        expect(lobbies[0]!.total).toBeGreaterThanOrEqual(2);
        expect(lobbies[1]).toEqual(lobbies[0]);
        expect(lobbies[2]).toEqual(lobbies[0]);

        const playing = await startGame(host, players);
        expect(playing.players).toHaveLength(6);

        // Each of 20 places is named by two players on different nodes, all at once.
        const texts = CITIES.slice(0, 20);
        const guesses = texts.flatMap((text, i) => [
          { player: players[i % 6]!, text },
          { player: players[(i + 1) % 6]!, text },
        ]);
        const acks = await Promise.all(
          guesses.map(async (g) => ({
            ...g,
            ack: await call(g.player.socket, 'guess', { text: g.text }),
          })),
        );
        for (const a of acks) expectOk(a.ack, `guess ${a.text} by ${a.player.nickname}`);
        for (const text of texts) {
          const kinds = acks
            .filter((a) => a.text === text)
            .map((a) => a.ack.result.kind)
            .sort();
          expect({ text, kinds }).toEqual({ text, kinds: ['found', 'taken'] });
        }
        const { found, finderOf, scores } = tally(acks);
        for (const a of acks.filter((x) => x.ack.result.kind === 'taken')) {
          expect(a.ack.result.by).toBe(finderOf.get(a.ack.result.place.id));
        }

        // Every player, on whichever node, hears every find once, with the same seqs.
        await waitUntil(
          () => players.every((p) => p.finds.length >= found.length),
          10_000,
          () =>
            `place:found heard: ${players.map((p) => `${p.nickname}@${p.node}=${p.finds.length}`).join(', ')} of ${found.length}`,
        );
        await laterBroadcastsHeard(cluster, code, [0, 1, 2], players);
        const reference = players[0]!.finds;
        expectContiguous(reference);
        expectSameFinds(players, reference);
        for (const f of reference) expect(f.playerId).toBe(finderOf.get(f.place.id));

        // Every node answers room:state with the same room.
        const states: RoomState[] = await Promise.all(
          [players[0]!, players[1]!, players[2]!].map(async (p) => {
            const ack: Ack = await call(p.socket, 'room:state', {});
            expectOk(ack, `room:state by ${p.nickname} on node ${p.node}`);
            return ack.room;
          }),
        );
        expect(states[1]).toEqual(states[0]);
        expect(states[2]).toEqual(states[0]);
        const state = states[0]!;
        expect(state.found.map(findKey).sort()).toEqual(reference.map(findKey).sort());
        for (const p of state.players) expect(p.score).toBe(scores.get(p.id) ?? 0);
        expect(state.progress.places).toBe(texts.length);
      });
    }, 60_000);

    test('a spectator on another node sees finds land, reacts, and comes back on a third', async () => {
      await cluster.explain(async () => {
        const { code, host } = await createRoom(cluster, 0, 'Ann', { scope: 'DE' });
        await startGame(host, [host]);
        const watcher = await openSocket(cluster, 1);
        const listed = nextEvent(host.socket, 'room:state', (s) => s.spectators?.length === 1);
        const watch: Ack = await call(watcher.socket, 'room:spectate', { code, nickname: 'Sam' });
        expectOk(watch, 'room:spectate on node 1');
        expect((await listed).spectators).toEqual([{ id: watch.you.spectatorId, nickname: 'Sam' }]);
        const landed = nextEvent(watcher.socket, 'place:found');
        expect(await call(host.socket, 'guess', { text: 'Berlin' })).toMatchObject({
          result: { kind: 'found' },
        });
        expect((await landed).place.name).toBe('Berlin');
        const reaction = nextEvent(host.socket, 'room:reaction');
        expectOk(await call(watcher.socket, 'room:react', { emoji: '👏' }), 'room:react');
        expect(await reaction).toMatchObject({ from: watch.you.spectatorId, emoji: '👏' });
        expect(await call(watcher.socket, 'guess', { text: 'Hamburg' })).toMatchObject({
          ok: false,
        });
        // The watcher's page reloads onto a third node: the same spectator, the room whole.
        watcher.socket.disconnect();
        const again = await openSocket(cluster, 2);
        const back: Ack = await call(again.socket, 'room:spectate', {
          code,
          nickname: 'Sam',
          sessionToken: watch.you.sessionToken,
        });
        expect(back.you.spectatorId).toBe(watch.you.spectatorId);
        expect(back.room.found.map((f: Find) => f.place.name)).toContain('Berlin');
        const next = nextEvent(again.socket, 'place:found');
        await call(host.socket, 'guess', { text: 'Hamburg' });
        expect((await next).place.name).toBe('Hamburg');
      });
    });

    test('quick play on two nodes seats both in one public lobby, whose countdown both see', async () => {
      await cluster.explain(async () => {
        const ann = await openSocket(cluster, 0);
        const first: Ack = await call(ann.socket, 'room:quickplay', {
          nickname: 'Ann',
          scope: 'AT',
        });
        expectOk(first, 'room:quickplay on node 0');
        const counting = nextEvent(ann.socket, 'room:state', (s) => typeof s.startsAt === 'number');
        const ben = await openSocket(cluster, 1);
        const second: Ack = await call(ben.socket, 'room:quickplay', {
          nickname: 'Ben',
          scope: 'AT',
        });
        expectOk(second, 'room:quickplay on node 1');
        expect(second.room.code).toBe(first.room.code);
        expect(second.room.startsAt).toEqual(expect.any(Number));
        expect((await counting).startsAt).toBe(second.room.startsAt);
        const held = nextEvent(ben.socket, 'room:state', (s) => s.startsAt === null);
        expectOk(await call(ann.socket, 'game:hold', {}), 'game:hold on node 0');
        expect((await held).players).toHaveLength(2);
      });
    });

    test('1,000 guesses at once over three nodes: every place is claimed once', async () => {
      await cluster.explain(async () => {
        const names = await germanNames(sql, 100);
        const ROOMS = 5;
        const PER_ROOM = 10;
        const GUESSES_EACH = 20; // one burst: the default limit lets 20 through at once
        const random = seededRandom(5);
        const rooms: { code: string; players: Player[] }[] = [];
        for (let r = 0; r < ROOMS; r++) {
          const made = await createRoom(cluster, r % 3, `Host ${r}`, { scope: 'DE' });
          const players = [made.host];
          for (let p = 1; p < PER_ROOM; p++) {
            players.push((await joinRoom(cluster, (r + p) % 3, made.code, `P${p}`)).player);
          }
          await startGame(made.host, players);
          rooms.push({ code: made.code, players });
        }

        const guesses = rooms.flatMap((room, r) =>
          room.players.flatMap((player) =>
            shuffled(names, random)
              .slice(0, GUESSES_EACH)
              .map((text) => ({ room: r, player, text })),
          ),
        );
        expect(guesses).toHaveLength(1000);
        const acks = await Promise.all(
          guesses.map(async (g) => ({
            ...g,
            ack: await call(g.player.socket, 'guess', { text: g.text }, 30_000),
          })),
        );
        const failed = acks.filter((a) => !a.ack.ok || a.ack.result.kind === 'miss');
        expect(failed.map((a) => ({ text: a.text, ack: a.ack }))).toEqual([]);

        let totalFinds = 0;
        for (const [r, room] of rooms.entries()) {
          const mine = acks.filter((a) => a.room === r);
          const { found, finderOf, scores } = tally(mine);
          // Each place is found once: no two `found` acks name the same place.
          const foundIds = found.map((a) => a.ack.result.place.id);
          expect(new Set(foundIds).size).toBe(foundIds.length);
          // Everyone else who named it was told who took it.
          for (const a of mine.filter((x) => x.ack.result.kind === 'taken')) {
            expect(a.ack.result.by).toBe(finderOf.get(a.ack.result.place.id));
            expect(a.ack.result.by).not.toBe(a.player.playerId);
          }
          // Every name guessed in the room was found by somebody.
          for (const text of new Set(mine.map((a) => a.text))) {
            expect({ text, found: found.some((a) => a.text === text) }).toEqual({
              text,
              found: true,
            });
          }

          const ack: Ack = await call(room.players[0]!.socket, 'room:state', {});
          const state: RoomState = ack.room;
          expect(state.found).toHaveLength(found.length);
          expect(state.progress.places).toBe(found.length);
          for (const f of state.found) expect(f.playerId).toBe(finderOf.get(f.place.id));
          expectContiguous(state.found);
          for (const p of state.players) {
            expect({ player: p.nickname, score: p.score }).toEqual({
              player: p.nickname,
              score: scores.get(p.id) ?? 0,
            });
          }

          await waitUntil(
            () => room.players.every((p) => p.finds.length >= found.length),
            15_000,
            () =>
              `room ${r}: place:found heard ${room.players.map((p) => p.finds.length).join(',')} of ${found.length}`,
          );
          totalFinds += found.length;
        }
        await Promise.all(
          rooms.map((room) => laterBroadcastsHeard(cluster, room.code, [0, 1, 2], room.players)),
        );
        for (const room of rooms) {
          const state: RoomState = (await call(room.players[0]!.socket, 'room:state', {})).room;
          expectSameFinds(room.players, state.found);
        }
        const distinct = new Set(
          acks
            .filter((a) => a.ack.result.kind === 'found')
            .map((a) => `${a.room}:${a.ack.result.place.id}`),
        );
        expect(totalFinds).toBe(distinct.size);
      });
    }, 90_000);

    test('a node killed mid-game: its players come back elsewhere and the game ends once, on time', async () => {
      await cluster.explain(async () => {
        // The room is made on node A, which is the one that dies.
        const made = await createRoom(cluster, 0, 'Ann', { scope: 'DE', durationSec: 60 });
        const ann = made.host;
        const ben = (await joinRoom(cluster, 0, made.code, 'Ben')).player;
        const cid = (await joinRoom(cluster, 1, made.code, 'Cid')).player;
        const dan = (await joinRoom(cluster, 2, made.code, 'Dan')).player;
        // Eli is on node A too, and never comes back.
        const eli = (await joinRoom(cluster, 0, made.code, 'Eli')).player;
        const playing = await startGame(ann, [ann, ben, cid, dan, eli]);
        const endsAt = playing.endsAt!;
        expect(endsAt).toBeGreaterThan(Date.now() + 50_000);

        const acked: { player: string; text: string; ack: Ack }[] = [];
        const guessAll = async (plan: [Player, string[]][]) => {
          await Promise.all(
            plan.map(async ([player, texts]) => {
              for (const text of texts) {
                const ack: Ack = await call(player.socket, 'guess', { text });
                expectOk(ack, `guess ${text} by ${player.nickname} on node ${player.node}`);
                acked.push({ player: player.playerId, text, ack });
              }
            }),
          );
        };
        await guessAll([
          [ann, ['Berlin', 'Hamburg', 'Köln']],
          [ben, ['Hamburg', 'Stuttgart', 'Leipzig']],
          [cid, ['Köln', 'Dortmund', 'Bremen']],
          [dan, ['Leipzig', 'Dresden', 'Hannover']],
        ]);
        const foundBefore = acked.filter((a) => a.ack.result.kind === 'found');
        expect(foundBefore).toHaveLength(9);
        const scoreBefore = (id: string) => foundBefore.filter((a) => a.player === id).length;

        // kill -9 node A, with Ann (the host), Ben and Eli on it.
        const lost = [ann, ben].map(
          (p) => new Promise((resolve) => p.socket.once('disconnect', resolve)),
        );
        const killedAt = Date.now();
        const exit = await cluster.kill(0, 'SIGKILL');
        expect(exit.signal).toBe('SIGKILL');
        await Promise.all(lost);

        // They come back as the browser does: a new socket, room:join with the session token.
        const comeBack = async (old: Player, node: number) => {
          const rejoined = await joinRoom(cluster, node, made.code, old.nickname, old.token);
          return { old, ...rejoined, tookMs: Date.now() - killedAt };
        };
        const back = await Promise.all([comeBack(ann, 1), comeBack(ben, 2)]);
        const slow = back.filter((b) => b.tookMs > 5000);
        expect(slow.map((b) => ({ who: b.old.nickname, tookMs: b.tookMs }))).toEqual([]);
        for (const { old, player, room } of back) {
          expect(player.playerId).toBe(old.playerId);
          const seat = room.players.find((p) => p.id === old.playerId);
          expect(seat).toMatchObject({ connected: true, score: scoreBefore(old.playerId) });
          // No find is lost: everything acked before the kill is in the room.
          expect(room.found.map((f) => [f.place.id, f.playerId]).sort()).toEqual(
            foundBefore.map((a) => [a.ack.result.place.id, a.player]).sort(),
          );
          expect(room.phase).toBe('playing');
          expect(room.endsAt).toBe(endsAt);
        }
        const ann2 = back[0]!.player;
        const ben2 = back[1]!.player;
        const connected = [ann2, ben2, cid, dan];

        // And they go on playing, with those who never left.
        await guessAll([
          [ann2, ['Nürnberg', 'Duisburg']],
          [ben2, ['Duisburg', 'Bochum']],
          [cid, ['Wuppertal', 'Bielefeld']],
          [dan, ['Bonn', 'Bielefeld']],
        ]);
        const allFound = acked.filter((a) => a.ack.result.kind === 'found');
        expect(allFound).toHaveLength(15);
        const score = (id: string) => allFound.filter((a) => a.player === id).length;

        // The survivors learn that the dead node's last player is gone (its heartbeat stopped).
        await waitUntil(
          () =>
            cid.states.some((s) => s.players.some((p) => p.id === eli.playerId && !p.connected)),
          20_000,
          () => `Eli still shown connected ${Date.now() - killedAt} ms after the kill`,
        );

        // The game ends once, on time, for everyone still connected.
        await waitUntil(
          () => connected.every((p) => p.ended.length > 0),
          Math.max(0, endsAt - Date.now()) + 10_000,
          () =>
            `game:ended heard by ${connected.map((p) => `${p.nickname}=${p.ended.length}`).join(', ')}; endsAt ${endsAt}, now ${Date.now()}`,
        );
        const message = ann2.ended[0]!.message;
        const { results } = message;
        for (const p of connected) expect(p.ended[0]!.message.results.gameId).toBe(results.gameId);
        // Heard within two seconds of the end the room announced, and not before it.
        const late = connected.map((p) => ({ who: p.nickname, lateMs: p.ended[0]!.at - endsAt }));
        expect(late.filter((l) => l.lateMs < -50 || l.lateMs > 2000)).toEqual([]);
        expect(Math.abs(results.endedAt - endsAt)).toBeLessThanOrEqual(1000);
        expect(
          results.ranking
            .map((r) => ({ id: r.playerId, score: r.score, finds: r.finds.length }))
            .sort((a, b) => a.id.localeCompare(b.id)),
        ).toEqual(
          [ann, ben, cid, dan, eli]
            .map((p) => ({ id: p.playerId, score: score(p.playerId), finds: score(p.playerId) }))
            .sort((a, b) => a.id.localeCompare(b.id)),
        );

        // Those who came back kept their connection through the dead node's clean-up.
        const finished: RoomState = ((await call(cid.socket, 'room:state', {})) as Ack).room;
        expect(finished.phase).toBe('finished');
        expect(
          finished.players
            .map((p) => [p.nickname, p.connected])
            .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
        ).toEqual([
          ['Ann', true],
          ['Ben', true],
          ['Cid', true],
          ['Dan', true],
          ['Eli', false],
        ]);

        // Heard once (the joins this takes come after the look at the players above).
        await laterBroadcastsHeard(cluster, made.code, [1, 2], connected);
        const ends = connected.map((p) => ({ who: p.nickname, count: p.ended.length }));
        expect(ends).toEqual(connected.map((p) => ({ who: p.nickname, count: 1 })));

        // Saved once: every surviving node serves it, and PostgreSQL holds one row.
        for (const node of [1, 2]) {
          const response = await fetch(`${cluster.url(node)}/api/games/${results.gameId}`);
          expect(response.status).toBe(200);
          expect(await response.json()).toEqual(message);
        }
        const rows = await sql.query('SELECT count(*)::int AS n FROM games WHERE id = $1', [
          results.gameId,
        ]);
        expect(rows.rows[0].n).toBe(1);
        const finds = await sql.query(
          'SELECT count(*)::int AS n FROM game_finds WHERE game_id = $1',
          [results.gameId],
        );
        expect(finds.rows[0].n).toBe(allFound.length);
        const seats = await sql.query(
          'SELECT count(*)::int AS n FROM game_players WHERE game_id = $1',
          [results.gameId],
        );
        expect(seats.rows[0].n).toBe(5);

        // Node A comes back and serves the same result.
        await cluster.restart(0);
        const fromA = await fetch(`${cluster.url(0)}/api/games/${results.gameId}`);
        expect(fromA.status).toBe(200);
        expect(cluster.unexpectedExits).toEqual([]);
      });
    }, 110_000);
  });

  describe('two nodes on a Redis of their own', () => {
    let redis: OwnRedis;
    let cluster: Cluster;

    beforeAll(async () => {
      redis = await OwnRedis.start();
      cluster = await Cluster.start({
        ids: ['node-a', 'node-b'],
        databaseUrl: dbUrl,
        redisUrl: redis.url,
      });
    }, 90_000);
    afterAll(async () => {
      await cluster?.stop();
      await redis?.dispose();
    });

    test('Redis stops for three seconds mid-game: nodes answer "unavailable", then play resumes', async () => {
      await cluster.explain(async () => {
        const made = await createRoom(cluster, 0, 'Ann', { scope: 'DE', durationSec: 600 });
        const ann = made.host;
        const ben = (await joinRoom(cluster, 1, made.code, 'Ben')).player;
        await startGame(ann, [ann, ben]);
        const before: Ack[] = [
          await call(ann.socket, 'guess', { text: 'Berlin' }),
          await call(ben.socket, 'guess', { text: 'Hamburg' }),
        ];
        for (const ack of before) expect(ack).toMatchObject({ result: { kind: 'found' } });
        await waitUntil(
          () => ann.finds.length === 2 && ben.finds.length === 2,
          5000,
          () => `finds heard before the outage: Ann ${ann.finds.length}, Ben ${ben.finds.length}`,
        );

        await redis.stop();
        const outage: Promise<{ what: string; ack: Ack; ms: number }>[] = [];
        const attempt = (what: string, send: () => Promise<Ack>) =>
          outage.push(
            (async () => {
              const t0 = Date.now();
              const ack = await send().catch((err: Error) => ({ timedOut: err.message }));
              return { what, ack, ms: Date.now() - t0 };
            })(),
          );
        const outageNames = ['Stuttgart', 'Leipzig', 'Dortmund', 'Bremen', 'Dresden', 'Hannover'];
        const httpDuring: Promise<{ url: string; status: number | string; body: unknown }>[] = [];
        const downUntil = Date.now() + 3000;
        for (let i = 0; Date.now() < downUntil; i++) {
          const name = outageNames[i % outageNames.length]!;
          const player = i % 2 === 0 ? ann : ben;
          attempt(`${player.nickname} guess ${name}`, () =>
            call(player.socket, 'guess', { text: name }, 4000),
          );
          attempt(`${player.nickname} room:state`, () =>
            call(player.socket, 'room:state', {}, 4000),
          );
          if (i % 2 === 0) {
            const url = `${cluster.url(i % 4 === 0 ? 0 : 1)}/api/rooms`;
            httpDuring.push(
              fetch(url, { signal: AbortSignal.timeout(4000) }).then(
                async (r) => ({ url, status: r.status, body: await r.json() }),
                (err: Error) => ({ url, status: err.name, body: undefined as unknown }),
              ),
            );
          }
          await new Promise((resolve) => setTimeout(resolve, 500)); // holding Redis down
        }
        await redis.start();
        const answered = await Promise.all(outage);
        const http = await Promise.all(httpDuring);

        // Nothing hung, nothing was an internal error: each command succeeded or said "unavailable".
        const wrong = answered.filter(
          (a) => !(a.ack.ok === true || a.ack.error?.code === 'unavailable'),
        );
        expect(wrong).toEqual([]);
        expect(answered.filter((a) => a.ack.error?.code === 'unavailable').length).toBeGreaterThan(
          0,
        );
        // The public room list answers too: the rooms, or 503 "unavailable" in JSON (no stack trace).
        for (const h of http) {
          expect([{ status: 200 }, { status: 503, body: { error: 'unavailable' } }]).toContainEqual(
            h.status === 200 ? { status: 200 } : { status: h.status, body: h.body },
          );
        }
        expect(cluster.unexpectedExits).toEqual([]);
        expect([cluster.alive(0), cluster.alive(1)]).toEqual([true, true]);

        // Play resumes within a few seconds: a find on node A reaches Ben on node B, and back.
        const resumeNames = ['Nürnberg', 'Duisburg', 'Bochum', 'Wuppertal', 'Bielefeld', 'Bonn'];
        const resumed: { what: string; ack: Ack }[] = [];
        /** Guesses names in turn until one is found, answering within the deadline. */
        const foundAfter = async (player: Player, names: string[]): Promise<number> => {
          const deadline = Date.now() + 10_000;
          for (let i = 0; Date.now() < deadline; i++) {
            const text = names[i % names.length]!;
            const ack: Ack = await call(player.socket, 'guess', { text }, 4000);
            resumed.push({ what: `${player.nickname} guess ${text}`, ack });
            if (ack.ok && ack.result.kind === 'found') return ack.result.place.id as number;
            expect({ text, ack }).toMatchObject({
              ack: { ok: false, error: { code: 'unavailable' } },
            });
            await new Promise((resolve) => setTimeout(resolve, 200)); // within the rate limit
          }
          throw new Error(`no find by ${player.nickname} within 10 s: ${JSON.stringify(resumed)}`);
        };
        const byAnn = await foundAfter(ann, resumeNames.slice(0, 3));
        await waitUntil(
          () => ben.finds.some((f) => f.place.id === byAnn),
          5000,
          () => `Ben (node B) heard ${ben.finds.map((f) => f.place.name).join(', ')}`,
        );
        const byBen = await foundAfter(ben, resumeNames.slice(3));
        await waitUntil(
          () => ann.finds.some((f) => f.place.id === byBen),
          5000,
          () => `Ann (node A) heard ${ann.finds.map((f) => f.place.name).join(', ')}`,
        );

        // The room is intact: both players, the finds from before the outage, the same everywhere.
        const [fromA, fromB]: RoomState[] = await Promise.all(
          [ann, ben].map(async (p) => ((await call(p.socket, 'room:state', {})) as Ack).room),
        );
        expect(fromB).toEqual(fromA);
        expect(fromA!.phase).toBe('playing');
        expect(fromA!.players.map((p) => [p.id, p.connected]).sort()).toEqual(
          [
            [ann.playerId, true],
            [ben.playerId, true],
          ].sort(),
        );
        const names = fromA!.found.map((f) => f.place.name);
        expect(names).toEqual(expect.arrayContaining(['Berlin', 'Hamburg']));
        // Exactly the finds that were acked: none lost, none made up.
        const acked = [...answered, ...resumed]
          .filter((a) => a.ack.ok && a.ack.result?.kind === 'found')
          .map((a) => a.ack.result.place.id as number);
        expect(fromA!.found.map((f) => f.place.id).sort()).toEqual(
          [...before.map((a) => a.result.place.id as number), ...acked].sort(),
        );
        expect(acked).toEqual(expect.arrayContaining([byAnn, byBen]));
        expect(cluster.unexpectedExits).toEqual([]);
      });
    }, 60_000);
  });
});

/**
 * A redis-server of the suite's own on a loopback port, stopped and started
 * again with its data kept (a dump saved on shutdown, loaded from the same
 * directory on start). Its port is picked beforehand by freePort, racy as
 * that is: redis-server cannot choose one and say which (--port 0 turns TCP
 * off), and the nodes must find it at the same URL after each restart.
 */
class OwnRedis {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private output = '';

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort(), mkdtempSync(join(tmpdir(), 'prtest-redis-')));
    await redis.start();
    return redis;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        this.dir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await eventually(
      async () => {
        const client = new Redis(this.url, { lazyConnect: true, retryStrategy: () => null });
        client.on('error', () => {});
        try {
          await client.connect();
          return (await client.ping()) === 'PONG' ? true : undefined;
        } finally {
          client.disconnect();
        }
      },
      10_000,
      `redis-server on port ${this.port}:\n${this.output}`,
    );
  }

  /** Saves the data and shuts the server down; resolves once its process has ended. */
  async stop(): Promise<void> {
    const cli = spawnSync('redis-cli', ['-p', String(this.port), 'shutdown', 'save'], {
      encoding: 'utf8',
      timeout: 5000,
    });
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
    if (cli.status !== 0 && this.child?.exitCode !== 0) {
      throw new Error(`redis-cli shutdown failed: ${cli.stderr}\n${this.output}`);
    }
  }

  async dispose(): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
      spawnSync('redis-cli', ['-p', String(this.port), 'shutdown', 'nosave'], { timeout: 5000 });
      const timer = setTimeout(() => this.child?.kill('SIGKILL'), 5000);
      await this.exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
