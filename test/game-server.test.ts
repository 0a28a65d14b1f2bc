/**
 * Protocol v1 end to end over real sockets: a node on a loopback port, real
 * socket.io clients, the real gazetteer on PGlite (and the saved results on
 * PostgreSQL too when DATABASE_URL is set).
 */
import { FEATURES } from '../protocol/features.js';
import type { Database } from '../db/database.js';
import type { Find, GameEnded, RoomState } from '../protocol/types.js';
import { EMPTY_ROOM_GRACE_MS } from '../server/rooms/room.js';
import { pgliteDatabase, testDatabases } from './support/databases.js';
import { eventually } from './support/processes.js';
import {
  call,
  connectPlayer,
  DEFAULT_RATE_LIMITS,
  disconnectAll,
  GENEROUS_LIMITS,
  greeting,
  nextEvent,
  startTestNode,
  type PlayerSocket,
  type TestNode,
} from './support/game-client.js';

let db: Database;
let server: TestNode;

beforeAll(async () => {
  db = await pgliteDatabase.openImported();
  server = await startTestNode(db);
});
afterEach(() => disconnectAll());
afterAll(async () => {
  await server.close();
  await db.close();
});

/** A host who created a room for `scope` and `others` who joined it by code. */
async function room(scope: string, others: string[], settings: Record<string, unknown> = {}) {
  const host = await connectPlayer(server.url);
  const created = await call(host, 'room:create', {
    nickname: 'Host',
    settings: { scope, ...settings },
  });
  expect(created.ok).toBe(true);
  const code: string = created.room.code;
  const players: { socket: PlayerSocket; playerId: string; token: string }[] = [
    { socket: host, playerId: created.you.playerId, token: created.you.sessionToken },
  ];
  for (const nickname of others) {
    const socket = await connectPlayer(server.url);
    const joined = await call(socket, 'room:join', { code, nickname });
    expect(joined.ok).toBe(true);
    players.push({ socket, playerId: joined.you.playerId, token: joined.you.sessionToken });
  }
  return { code, host, players };
}

async function started(scope: string, others: string[], settings: Record<string, unknown> = {}) {
  const r = await room(scope, others, settings);
  const playing = nextEvent(r.host, 'room:state', (s) => s.phase === 'playing');
  expect(await call(r.host, 'game:start', {})).toEqual({ ok: true });
  await playing;
  return r;
}

describe('connecting', () => {
  test('a client of protocol v1 is greeted with the version', async () => {
    const socket = await connectPlayer(server.url);
    expect(await greeting(socket)).toEqual({ protocolVersion: 1, features: [...FEATURES] });
  });

  test('an outdated client is turned away and told why', async () => {
    await expect(connectPlayer(server.url, 0)).rejects.toMatchObject({
      message: expect.stringMatching(/protocol version 1/),
      data: { code: 'bad_request' },
    });
  });
});

describe('rooms', () => {
  test('create and join: codes without look-alikes, unique nicknames, the creator is host', async () => {
    const host = await connectPlayer(server.url);
    const created = await call(host, 'room:create', { nickname: '  Ann  ' });
    expect(created.room.code).toMatch(/^[ACDEFGHJKMNPQRTWXY34679]{6}$/);
    expect(created.room.hostId).toBe(created.you.playerId);
    const other = await connectPlayer(server.url);
    const joinedState = nextEvent(host, 'room:state', (s) => s.players.length === 2);
    const joined = await call(other, 'room:join', {
      code: created.room.code.toLowerCase(),
      nickname: 'ann',
    });
    expect(joined.ok).toBe(true);
    expect((await joinedState).players.map((p) => p.nickname)).toEqual(['Ann', 'ann 2']);
  });

  test('joining an unknown room answers not_found', async () => {
    const socket = await connectPlayer(server.url);
    expect(await call(socket, 'room:join', { code: 'AAAAAA', nickname: 'X' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  test('settings: host only, any scope of the gazetteer, seen live by everyone', async () => {
    const { host, players } = await room('DE', ['Ben']);
    const ben = players[1]!.socket;
    expect(await call(ben, 'room:settings', { settings: { mode: 'coop' } })).toMatchObject({
      error: { code: 'not_host' },
    });
    expect(await call(host, 'room:settings', { settings: { scope: 'Atlantis' } })).toMatchObject({
      error: { code: 'bad_request' },
    });
    const seen = nextEvent(ben, 'room:state', (s) => s.settings.scope === 'europe');
    expect(
      await call(host, 'room:settings', { settings: { scope: 'europe', mode: 'parallel' } }),
    ).toEqual({
      ok: true,
    });
    const state = await seen;
    expect(state.settings).toMatchObject({ scope: 'europe', mode: 'parallel' });
    expect(state.totals.places).toBeGreaterThan(90_000);
  });

  test('a room everybody left is cleaned up after its grace period', async () => {
    const host = await connectPlayer(server.url);
    const created = await call(host, 'room:create', { nickname: 'Gone' });
    expect(await call(host, 'room:leave', {})).toEqual({ ok: true });
    expect(await server.store.state(created.room.code)).toBeDefined();
    server.clock.advance(EMPTY_ROOM_GRACE_MS + 1000);
    await eventually(
      async () => ((await server.store.state(created.room.code)) ? undefined : true),
      5000,
      'the room to be cleaned up',
    );
    const visitor = await connectPlayer(server.url);
    expect(
      await call(visitor, 'room:join', { code: created.room.code, nickname: 'V' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  test('public rooms in their lobby are listed by GET /api/rooms', async () => {
    const { code } = await room('FR', [], { public: true, mode: 'coop' });
    const response = await fetch(`${server.url}/api/rooms`);
    const body = (await response.json()) as { rooms: { code: string }[] };
    expect(body.rooms).toContainEqual({
      code,
      scope: 'FR',
      mode: 'coop',
      players: 1,
      maxPlayers: 16,
      running: false,
    });
  });
});

describe('racing', () => {
  test('a find reaches every player; the second to name it is told who took it', async () => {
    const { players } = await started('DE', ['Ben', 'Cid']);
    const [ann, ben, cid] = players;
    const seenByCid = nextEvent(cid!.socket, 'place:found');
    const found = await call(ann!.socket, 'guess', { text: 'Köln' });
    expect(found).toMatchObject({
      ok: true,
      result: { kind: 'found', place: { id: 2886242, name: 'Köln' } },
    });
    const broadcast: Find = await seenByCid;
    expect(broadcast).toMatchObject({ playerId: ann!.playerId, place: { id: 2886242 } });
    expect(await call(ben!.socket, 'guess', { text: 'Cologne' })).toMatchObject({
      result: { kind: 'taken', by: ann!.playerId },
    });
    expect(await call(ben!.socket, 'guess', { text: 'Xyzzyburg' })).toEqual({
      ok: true,
      result: { kind: 'miss' },
    });
    expect(await call(ben!.socket, 'guess', { text: '' })).toMatchObject({
      error: { code: 'bad_request' },
    });
  });

  test('eight players naming the same place at once: one found, seven taken', async () => {
    const { players } = await started('DE', ['B', 'C', 'D', 'E', 'F', 'G', 'H']);
    const results = await Promise.all(
      players.map((p) => call(p.socket, 'guess', { text: 'Hamburg' })),
    );
    const kinds = results.map((r) => r.result.kind).sort();
    expect(kinds).toEqual(['found', 'taken', 'taken', 'taken', 'taken', 'taken', 'taken', 'taken']);
  });

  test('an ambiguous name claims the most populous open place, then the next', async () => {
    const { players } = await started('US', ['Ben']);
    const first = await call(players[0]!.socket, 'guess', { text: 'Springfield' });
    const second = await call(players[1]!.socket, 'guess', { text: 'Springfield' });
    expect(first.result.place.admin1).toBe('MO');
    expect(second.result.place.admin1).toBe('MA');
  });

  test('repeating "Brooklyn" five times in the US scores only places named Brooklyn', async () => {
    const { players } = await started('US', []);
    const claimed: { name: string; admin1: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const { result } = await call(players[0]!.socket, 'guess', { text: 'Brooklyn' });
      expect(result.kind).toBe('found');
      claimed.push({ name: result.place.name, admin1: result.place.admin1 });
    }
    expect(claimed.map((p) => p.name)).toEqual(Array(5).fill('Brooklyn'));
    expect(claimed.slice(0, 3).map((p) => p.admin1)).toEqual(['NY', 'MD', 'OH']);
  });

  test('every player sees the finds in the same seq order', async () => {
    const { players } = await started('FR', ['Ben', 'Cid']);
    const texts = ['Paris', 'Lyon', 'Marseille', 'Toulouse', 'Nice', 'Nantes'];
    const collected = players.map((p) => {
      const seqs: number[] = [];
      p.socket.on('place:found', (f) => seqs.push(f.seq));
      return seqs;
    });
    await Promise.all(texts.map((text, i) => call(players[i % 3]!.socket, 'guess', { text })));
    const state: { room: RoomState } = await call(players[0]!.socket, 'room:state', {});
    expect(state.room.found).toHaveLength(6);
    await eventually(
      async () => (collected.every((seqs) => seqs.length >= 6) ? true : undefined),
      5000,
      'every player to hear the six finds',
    );
    // What the node sent a player before answering this, a duplicate too, has arrived by then.
    await Promise.all(players.map((p) => call(p.socket, 'room:state', {})));
    for (const seqs of collected) {
      expect(seqs).toEqual(state.room.found.map((f) => f.seq));
    }
  });
});

describe('reconnecting', () => {
  test('the session token takes the same seat back with its score and finds', async () => {
    const { code, host, players } = await started('IT', ['Ben']);
    const ben = players[1]!;
    await call(ben.socket, 'guess', { text: 'Roma' });
    const disconnected = nextEvent(host, 'room:state', (s) =>
      s.players.some((p) => p.id === ben.playerId && !p.connected),
    );
    ben.socket.disconnect();
    await disconnected;
    const again = await connectPlayer(server.url);
    const rejoined = await call(again, 'room:join', {
      code,
      nickname: 'Ben',
      sessionToken: ben.token,
    });
    expect(rejoined.you.playerId).toBe(ben.playerId);
    const me = rejoined.room.players.find((p: { id: string }) => p.id === ben.playerId);
    expect(me).toMatchObject({ connected: true, score: 1 });
    expect(rejoined.room.found.map((f: Find) => f.place.name)).toContain('Rome');
  });
});

describe('dropped connections', () => {
  test('a dropped connection takes its seat back by token, with what it missed', async () => {
    const { code, host } = await started('PL', []);
    const ben = await connectPlayer(server.url, 1, { reconnection: true });
    const joined = await call(ben, 'room:join', { code, nickname: 'Ben' });
    const dropped = new Promise((resolve) => ben.once('disconnect', resolve));
    ben.io.engine.close(); // the network goes away; the client reconnects by itself
    await dropped;
    expect(await call(host, 'guess', { text: 'Warszawa' })).toMatchObject({
      result: { kind: 'found' },
    });
    await new Promise<void>((resolve) => ben.once('connect', () => resolve()));
    // A new socket: no replay, the seat is taken back and the room comes whole.
    expect(ben.recovered).toBeFalsy();
    expect(await call(ben, 'guess', { text: 'Kraków' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const back = await call(ben, 'room:join', {
      code,
      nickname: 'Ben',
      sessionToken: joined.you.sessionToken,
    });
    expect(back.you.playerId).toBe(joined.you.playerId);
    expect(back.room.found.map((f: Find) => f.place.name)).toContain('Warsaw');
    const guess = await call(ben, 'guess', { text: 'Kraków' });
    expect(guess).toMatchObject({ result: { kind: 'found', place: { name: 'Kraków' } } });
    const state = await call(host, 'room:state', {});
    const seat = state.room.players.find((p: { id: string }) => p.id === joined.you.playerId);
    expect(seat).toMatchObject({ connected: true, score: 1 });
  });
});

describe('hostile input', () => {
  test('bad payloads get error acks with a code, and the room goes on', async () => {
    const { players } = await started('ES', []);
    const socket = players[0]!.socket;
    const bad: unknown[] = [
      null,
      42,
      'text',
      [],
      { text: 7 },
      { text: 'x'.repeat(201) },
      { text: 'Madrid', extra: true },
      { text: { $gt: '' } },
    ];
    for (const payload of bad) {
      expect(await call(socket, 'guess', payload)).toMatchObject({
        ok: false,
        error: { code: 'bad_request', message: expect.any(String) },
      });
    }
    expect(await call(socket, 'guess', { text: 'Madrid' })).toMatchObject({
      result: { kind: 'found' },
    });
  });

  test('commands before joining a room answer not_found; unknown events are ignored and counted', async () => {
    const socket = await connectPlayer(server.url);
    expect(await call(socket, 'guess', { text: 'Berlin' })).toMatchObject({
      error: { code: 'not_found' },
    });
    const before = server.game.counters.unknownEvents;
    (socket as unknown as { emit: (event: string, payload: unknown) => void }).emit('nonsense', {
      a: 1,
    });
    expect(await call(socket, 'room:state', {})).toMatchObject({ error: { code: 'not_found' } });
    expect(server.game.counters.unknownEvents).toBe(before + 1);
  });

  test('one address may create only so many rooms a minute', async () => {
    const limited = await startTestNode(db, {
      rateLimits: { ...GENEROUS_LIMITS, createsPerMinute: 3 },
    });
    try {
      const socket = await connectPlayer(limited.url);
      const acks = [];
      for (let i = 0; i < 4; i++) acks.push(await call(socket, 'room:create', { nickname: 'R' }));
      expect(acks.map((a) => a.ok)).toEqual([true, true, true, false]);
      expect(acks[3]).toMatchObject({ error: { code: 'rate_limited' } });
    } finally {
      await limited.close();
    }
  });

  test('a flood of guesses is rate limited after a burst of 20', async () => {
    const limited = await startTestNode(db, { rateLimits: DEFAULT_RATE_LIMITS });
    try {
      const host = await connectPlayer(limited.url);
      await call(host, 'room:create', { nickname: 'F', settings: { scope: 'DE' } });
      await call(host, 'game:start', {});
      const acks = await Promise.all(
        Array.from({ length: 40 }, () => call(host, 'guess', { text: 'Xyzzy' })),
      );
      const refused = acks.filter((a) => a.error?.code === 'rate_limited').length;
      expect(refused).toBeGreaterThanOrEqual(15);
      expect(refused).toBeLessThanOrEqual(21);
    } finally {
      await limited.close();
    }
  });
});

describe.each(testDatabases)('the end of a game, saved on $name', (target) => {
  let gameDb: Database;
  let node: TestNode;
  beforeAll(async () => {
    gameDb = await target.openImported();
    node = await startTestNode(gameDb);
  });
  afterAll(async () => {
    await node.close();
    await gameDb.close();
  });

  test('the timer ends the game on time; the result is saved and survives a restart', async () => {
    const host = await connectPlayer(node.url);
    const created = await call(host, 'room:create', {
      nickname: 'Ann',
      settings: { scope: 'NL', durationSec: 60 },
    });
    const ben = await connectPlayer(node.url);
    await call(ben, 'room:join', { code: created.room.code, nickname: 'Ben' });
    await call(host, 'game:start', {});
    await call(host, 'guess', { text: 'Amsterdam' });
    await call(ben, 'guess', { text: 'Rotterdam' });
    await call(ben, 'guess', { text: 'Den Haag' });

    const ended = nextEvent(host, 'game:ended');
    node.clock.advance(61_000); // nobody sends anything; the server's timer ends the game
    const message: GameEnded = await ended;
    const { results } = message;
    expect(results.ranking.map((r) => [r.nickname, r.rank, r.score])).toEqual([
      ['Ben', 1, 2],
      ['Ann', 2, 1],
    ]);
    expect(results.endedAt - results.startedAt).toBe(60_000);
    expect(results.populationShare).toBeGreaterThan(0);
    expect(message.missed).toHaveLength(50);
    expect(message.missed.map((p) => p.name)).not.toContain('Amsterdam');
    expect(message.missed[0]!.population).toBeGreaterThanOrEqual(message.missed[1]!.population);

    const saved = await (await fetch(`${node.url}/api/games/${results.gameId}`)).json();
    expect(saved).toEqual(message);

    // A new node on the same database still serves the saved result.
    await node.close();
    node = await startTestNode(gameDb);
    const afterRestart = await fetch(`${node.url}/api/games/${results.gameId}`);
    expect(afterRestart.status).toBe(200);
    expect(await afterRestart.json()).toEqual(message);
    expect((await fetch(`${node.url}/api/games/nope`)).status).toBe(404);
  });
});

describe('quick play', () => {
  test('two players land in one public lobby, whose countdown starts the game', async () => {
    const ann = await connectPlayer(server.url);
    const first = await call(ann, 'room:quickplay', { nickname: 'Ann', scope: 'LU' });
    expect(first.ok).toBe(true);
    expect(first.room.settings).toMatchObject({ scope: 'LU', mode: 'race', public: true });
    expect(first.room.startsAt).toBeNull();

    const ben = await connectPlayer(server.url);
    const counting = nextEvent(ann, 'room:state', (s) => typeof s.startsAt === 'number');
    const second = await call(ben, 'room:quickplay', { nickname: 'Ben', scope: 'LU' });
    expect(second.room.code).toBe(first.room.code);
    expect(second.room.startsAt).toBe(server.clock.now + 30_000);
    expect((await counting).startsAt).toBe(second.room.startsAt);

    const listed = (await (await fetch(`${server.url}/api/rooms`)).json()) as {
      rooms: { code: string; running: boolean }[];
    };
    expect(listed.rooms).toContainEqual(
      expect.objectContaining({ code: first.room.code, players: 2, running: false }),
    );

    const playing = nextEvent(ben, 'room:state', (s) => s.phase === 'playing');
    server.clock.advance(30_000);
    expect((await playing).startsAt).toBeNull();
    const during = (await (await fetch(`${server.url}/api/rooms`)).json()) as typeof listed;
    expect(during.rooms).toContainEqual(
      expect.objectContaining({ code: first.room.code, running: true }),
    );
  });

  test('the host holds the countdown; nobody else may; bad quick plays are refused', async () => {
    const ann = await connectPlayer(server.url);
    const ben = await connectPlayer(server.url);
    const first = await call(ann, 'room:quickplay', { nickname: 'Ann', scope: 'MT' });
    await call(ben, 'room:quickplay', { nickname: 'Ben', scope: 'MT' });
    expect(await call(ben, 'game:hold', {})).toMatchObject({
      ok: false,
      error: { code: 'not_host' },
    });
    const held = nextEvent(ben, 'room:state', (s) => s.startsAt === null);
    expect(await call(ann, 'game:hold', {})).toEqual({ ok: true });
    expect((await held).code).toBe(first.room.code);

    const cy = await connectPlayer(server.url);
    expect(await call(cy, 'game:hold', {})).toMatchObject({ error: { code: 'not_found' } });
    for (const payload of [
      { nickname: 'Cy', scope: 'atlantis' },
      { nickname: 'Cy' },
      { nickname: '', scope: 'MT' },
      { nickname: 'Cy', scope: 'MT', mode: 'coop' },
    ]) {
      expect(await call(cy, 'room:quickplay', payload as never)).toMatchObject({
        ok: false,
        error: { code: 'bad_request' },
      });
    }
  });
});
