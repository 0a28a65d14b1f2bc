/**
 * Issue 18, parts 4 and 5: spectators, late joiners and reactions, over real
 * sockets on one node (the rules by themselves first). Across two nodes:
 * test/multi-node.test.ts; in the browser: test/e2e-room.test.ts.
 */
import type { Database } from '../db/database.js';
import { FEATURES } from '../protocol/features.js';
import { MAX_SPECTATORS, REACTION_BURST, REACTIONS } from '../protocol/reactions.js';
import type { Find, RoomState } from '../protocol/types.js';
import { applyCommand, createRoom, defaultSettings } from '../server/rooms/room.js';
import { roomState } from '../server/rooms/snapshot.js';
import { pgliteDatabase } from './support/databases.js';
import {
  call,
  connectPlayer,
  disconnectAll,
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

/** A room of `scope` with its host and `others`, playing. */
async function playing(scope: string, others: string[], mode = 'race') {
  const host = await connectPlayer(server.url);
  const created = await call(host, 'room:create', { nickname: 'Host', settings: { scope, mode } });
  const code: string = created.room.code;
  const players: { socket: PlayerSocket; id: string }[] = [
    { socket: host, id: created.you.playerId },
  ];
  for (const nickname of others) {
    const socket = await connectPlayer(server.url);
    const joined = await call(socket, 'room:join', { code, nickname });
    players.push({ socket, id: joined.you.playerId });
  }
  const started = nextEvent(host, 'room:state', (s) => s.phase === 'playing');
  expect(await call(host, 'game:start', {})).toEqual({ ok: true });
  await started;
  return { code, host, players };
}

async function spectator(code: string, nickname = 'Watcher', sessionToken?: string) {
  const socket = await connectPlayer(server.url);
  const payload = sessionToken ? { code, nickname, sessionToken } : { code, nickname };
  const ack = await call(socket, 'room:spectate', payload);
  expect(ack.ok).toBe(true);
  return { socket, ack };
}

describe('the rules', () => {
  test('spectators are listed apart, unique by name, and capped', () => {
    const room = createRoom('ABCDEF', defaultSettings(), { places: 1, population: 1 }, 0);
    applyCommand(room, { type: 'join', nickname: 'Ann', playerId: 'p1', token: 't1' }, 0);
    const watch = (n: number) =>
      applyCommand(
        room,
        { type: 'spectate', nickname: 'ann', spectatorId: `s${n}`, token: `st${n}` },
        0,
      );
    expect(watch(0).reply).toMatchObject({ ok: true, playerId: 's0' });
    const state = roomState(room);
    expect(state.players.map((p) => p.nickname)).toEqual(['Ann']);
    expect(state.spectators).toEqual([{ id: 's0', nickname: 'ann 2' }]);
    for (let n = 1; n < MAX_SPECTATORS; n++) watch(n);
    expect(watch(99).reply).toMatchObject({ ok: false, code: 'room_full' });
    // One away: the newcomer takes the place of whoever is away.
    applyCommand(room, { type: 'spectatorDisconnect', spectatorId: 's3' }, 5);
    expect(watch(100).reply).toMatchObject({ ok: true });
    expect(room.spectators!.some((s) => s.id === 's3')).toBe(false);
    // A spectator takes no seat: a guess of theirs is no player's.
    const guess = applyCommand(room, { type: 'guess', playerId: 's0', candidates: [] }, 0);
    expect(guess.reply).toMatchObject({ ok: false, code: 'not_found' });
  });

  test('a lost node leaves its spectators away', () => {
    const room = createRoom('ABCDEF', defaultSettings(), { places: 1, population: 1 }, 0);
    const on = (node: string) => ({ node, socket: 'x' });
    applyCommand(room, { type: 'join', nickname: 'Ann', playerId: 'p1', token: 't1' }, 0);
    applyCommand(
      room,
      { type: 'spectate', nickname: 'Bo', spectatorId: 's1', token: 'st', connection: on('b') },
      0,
    );
    expect(applyCommand(room, { type: 'lost', node: 'b' }, 1).events).toEqual([{ type: 'state' }]);
    expect(roomState(room).spectators).toEqual([]);
    const back = applyCommand(room, { type: 'respectate', token: 'st', connection: on('a') }, 2);
    expect(back.reply).toMatchObject({ ok: true, playerId: 's1' });
    expect(roomState(room).spectators).toEqual([{ id: 's1', nickname: 'Bo' }]);
  });
});

describe('spectators', () => {
  test('hello names the features', async () => {
    expect(FEATURES).toEqual(expect.arrayContaining(['spectate', 'late-join', 'reactions']));
    const hello = await greeting(await connectPlayer(server.url));
    expect(hello).toMatchObject({ features: expect.arrayContaining(['spectate', 'reactions']) });
  });

  test('a spectator watches finds land, is listed apart, and cannot guess or command', async () => {
    const { code, host, players } = await playing('IT', ['Ben']);
    const listed = nextEvent(host, 'room:state', (s) => (s.spectators ?? []).length === 1);
    const { socket: watcher, ack } = await spectator(code, 'Ben');
    expect(ack.room.phase).toBe('playing');
    expect(ack.you.spectatorId).toEqual(expect.any(String));
    expect(ack.room.players.map((p: { nickname: string }) => p.nickname)).toEqual(['Host', 'Ben']);
    // Counted apart, under a name nobody in the room has.
    expect((await listed).spectators).toEqual([{ id: ack.you.spectatorId, nickname: 'Ben 2' }]);
    const landed = nextEvent(watcher, 'place:found');
    expect(await call(players[1]!.socket, 'guess', { text: 'Roma' })).toMatchObject({
      result: { kind: 'found' },
    });
    expect((await landed).place.name).toBe('Rome');
    expect(await call(watcher, 'guess', { text: 'Milano' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    for (const event of ['game:end', 'game:start', 'room:rematch'] as const) {
      expect(await call(watcher, event, {})).toMatchObject({ ok: false });
    }
    expect(await call(watcher, 'room:state', {})).toMatchObject({ ok: true, room: { code } });
    // Leaving: off the list.
    const gone = nextEvent(host, 'room:state', (s) => (s.spectators ?? []).length === 0);
    expect(await call(watcher, 'room:leave', {})).toEqual({ ok: true });
    await gone;
  });

  test('bad input answers bad_request or not_found', async () => {
    const socket = await connectPlayer(server.url);
    const bad: [string, unknown][] = [
      ['room:spectate', {}],
      ['room:spectate', { code: 'ABCDEF' }],
      ['room:spectate', { code: 'nope', nickname: 'A' }],
      ['room:spectate', { code: 'ACDEFG', nickname: 'A', extra: 1 }],
      ['room:spectate', { code: 'ACDEFG', nickname: '\u200b' }],
      ['room:peek', { code: 42 }],
      ['room:peek', null],
      ['room:react', { emoji: 'hello' }],
      ['room:react', { emoji: '👍', from: 'x' }],
      ['room:react', {}],
    ];
    for (const [event, payload] of bad) {
      const ack = await call(socket, event as 'room:peek', payload);
      expect(ack).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    expect(await call(socket, 'room:spectate', { code: 'ACDEFG', nickname: 'A' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await call(socket, 'room:peek', { code: 'ACDEFG' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await call(socket, 'room:react', { emoji: '👍' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  test('a spectator takes the same place back after a lost connection', async () => {
    const { code, host } = await playing('PL', []);
    const watcher = await connectPlayer(server.url, 1, { reconnection: true });
    const first = await call(watcher, 'room:spectate', { code, nickname: 'Eve' });
    const away = nextEvent(host, 'room:state', (s) => (s.spectators ?? []).length === 0);
    const dropped = new Promise((resolve) => watcher.once('disconnect', resolve));
    watcher.io.engine.close();
    await dropped;
    await away;
    await call(host, 'guess', { text: 'Warszawa' });
    await new Promise<void>((resolve) => watcher.once('connect', () => resolve()));
    const back = await call(watcher, 'room:spectate', {
      code,
      nickname: 'Eve',
      sessionToken: first.you.sessionToken,
    });
    expect(back.you).toEqual(first.you);
    expect(back.room.spectators).toEqual([{ id: first.you.spectatorId, nickname: 'Eve' }]);
    expect(back.room.found.map((f: Find) => f.place.name)).toContain('Warsaw');
    const landed = nextEvent(watcher, 'place:found');
    await call(host, 'guess', { text: 'Kraków' });
    expect((await landed).place.name).toBe('Kraków');
  });
});

describe('late joiners', () => {
  test('peek tells a running game from a lobby', async () => {
    const { code } = await playing('IT', ['Ben']);
    const socket = await connectPlayer(server.url);
    expect(await call(socket, 'room:peek', { code: code.toLowerCase() })).toEqual({
      ok: true,
      room: expect.objectContaining({ code, phase: 'playing', mode: 'race', scope: 'IT' }),
    });
    const peek = (await call(socket, 'room:peek', { code })).room;
    expect(peek).toMatchObject({ players: 2, connected: 2, maxPlayers: 16, spectators: 0 });
    expect(peek.endsAt).toEqual(expect.any(Number));
  });

  test('race: a seat with score 0 that can guess; a spectator may take one too', async () => {
    const { code, host } = await playing('IT', ['Ben']);
    await call(host, 'guess', { text: 'Roma' });
    const { socket: watcher } = await spectator(code, 'Cleo');
    const joined = await call(watcher, 'room:join', { code, nickname: 'Cleo' });
    expect(joined.ok).toBe(true);
    const me = joined.room.players.find((p: { id: string }) => p.id === joined.you.playerId);
    expect(me).toMatchObject({ nickname: 'Cleo', score: 0 });
    expect(joined.room.spectators).toEqual([]);
    expect(await call(watcher, 'guess', { text: 'Roma' })).toMatchObject({
      result: { kind: 'taken' },
    });
    expect(await call(watcher, 'guess', { text: 'Milano' })).toMatchObject({
      result: { kind: 'found' },
    });
  });

  test('parallel: the late joiner names places others named already', async () => {
    const { code, host } = await playing('IT', [], 'parallel');
    await call(host, 'guess', { text: 'Roma' });
    const late = await connectPlayer(server.url);
    const joined = await call(late, 'room:join', { code, nickname: 'Dan' });
    expect(
      joined.room.players.find((p: { id: string }) => p.id === joined.you.playerId).score,
    ).toBe(0);
    expect(await call(late, 'guess', { text: 'Roma' })).toMatchObject({
      result: { kind: 'found' },
    });
  });

  test('coop: the late joiner is one of the team', async () => {
    const { code, host } = await playing('IT', [], 'coop');
    await call(host, 'guess', { text: 'Roma' });
    const late = await connectPlayer(server.url);
    const joined = await call(late, 'room:join', { code, nickname: 'Dan' });
    expect(joined.room.progress.places).toBe(1);
    // The team named Rome: a repeat, not someone else's.
    expect(await call(late, 'guess', { text: 'Roma' })).toMatchObject({
      result: { kind: 'repeat' },
    });
    const seen = nextEvent(host, 'place:found');
    await call(late, 'guess', { text: 'Milano' });
    expect((await seen).playerId).toBe(joined.you.playerId);
    const state: RoomState = (await call(host, 'room:state', {})).room;
    expect(state.progress.places).toBe(2);
  });
});

describe('reactions', () => {
  test('delivered to every player and spectator, from whoever sent them', async () => {
    const { code, host, players } = await playing('IT', ['Ben']);
    const { socket: watcher, ack } = await spectator(code);
    const ben = players[1]!;
    const heard = [host, ben.socket, watcher].map((s) =>
      nextEvent(s, 'room:reaction', (r) => r.emoji === '🔥'),
    );
    expect(await call(ben.socket, 'room:react', { emoji: '🔥' })).toEqual({ ok: true });
    for (const reaction of await Promise.all(heard)) {
      expect(reaction).toEqual({ from: ben.id, emoji: '🔥', at: expect.any(Number) });
    }
    const fromWatcher = nextEvent(host, 'room:reaction', (r) => r.emoji === '😮');
    await call(watcher, 'room:react', { emoji: '😮' });
    expect((await fromWatcher).from).toBe(ack.you.spectatorId);
  });

  test('rate limited per sender after a burst', async () => {
    const { host } = await playing('IT', []);
    const acks = [];
    for (let i = 0; i < REACTION_BURST + 2; i++) {
      acks.push(await call(host, 'room:react', { emoji: REACTIONS[i % REACTIONS.length] }));
    }
    expect(acks.slice(0, REACTION_BURST).every((a) => a.ok)).toBe(true);
    expect(acks.at(-1)).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });
});
