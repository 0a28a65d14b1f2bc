/**
 * Quick play ("Play now") and the public lobby's countdown, on the game
 * service with the real in-memory store and a clock the tests move
 * (server/game/quick-play.ts, server/rooms/auto-start.ts). The same over
 * sockets is in test/game-server.test.ts, across nodes in test/multi-node.test.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AckError, RoomState } from '../protocol/types.js';
import { GameEnding } from '../server/game/game-ending.js';
import { GameService, type NewQuiz, type Seated } from '../server/game/game-service.js';
import { lobbiesToTry, quickPlay, quickPlaySettings } from '../server/game/quick-play.js';
import { createLogger } from '../server/log.js';
import type { Scope } from '../server/places/gazetteer.js';
import { AUTO_START_MS } from '../server/rooms/auto-start.js';
import { MemoryRoomStore } from '../server/rooms/memory-room-store.js';
import { RedisRoomStore } from '../server/rooms/redis-room-store.js';
import type { LobbySummary, RoomStore } from '../server/rooms/room-store.js';
import { connectCacheRedis, redisReady } from '../server/redis.js';
import { describeWith, redisUrl } from './support/services.js';
import { TestClock } from './support/game-client.js';

const log = createLogger('silent');
const SCOPES: Record<string, Scope> = {
  FR: { id: 'FR', name: 'France', kind: 'country', places: 2, population: 2_620_000 },
  DE: { id: 'DE', name: 'Germany', kind: 'country', places: 1, population: 3_600_000 },
};

function setUp(store: RoomStore = new MemoryRoomStore(), clock = new TestClock()) {
  const states: RoomState[] = [];
  const counted: string[] = [];
  const gazetteer = { scope: (id: string) => SCOPES[id], countriesIn: (s: Scope) => [s.id] };
  const broadcaster = {
    found: () => {},
    state: (_code: string, room: RoomState) => void states.push(room),
    ended: () => {},
  };
  const impossible = { report: (what: string) => void counted.push(`impossible: ${what}`) };
  const game = new GameService({
    store,
    gazetteer,
    resolver: { resolveIn: () => [] },
    broadcaster,
    ending: new GameEnding({
      archive: { save: async () => {}, largestUnnamed: async () => [] },
      gazetteer,
      broadcaster,
      impossible,
      log,
      retryDelaysMs: [0],
    }),
    counts: {
      found: () => {},
      gameStarted: (scope: string) => void counted.push(`started ${scope}`),
      gameFinished: () => {},
      playerJoined: () => {},
    },
    impossible,
    log,
    clock: clock.read,
  });
  let socket = 0;
  const connection = () => ({ node: 'test', socket: `s${++socket}` });
  const checked = (scope: string): NewQuiz => {
    const quiz = game.newQuiz(quickPlaySettings(scope));
    if (!quiz.ok) throw new Error(quiz.error.message);
    return quiz;
  };
  const play = async (nickname: string, scope = 'FR') =>
    seated(await game.quickPlay(nickname, checked(scope), connection()));
  return { game, store, states, counted, clock, play, connection, checked };
}

function seated(reply: Seated | AckError): Seated {
  if (!reply.ok) throw new Error(`refused: ${reply.error.code}`);
  return reply;
}

describe('quick play', () => {
  test('opens a public lobby when none has room, then seats the next players in it', async () => {
    const { play, game } = setUp();
    const ann = await play('Ann');
    expect(ann.room.settings).toMatchObject({ scope: 'FR', mode: 'race', public: true });
    expect(ann.room.startsAt).toBeNull();
    const ben = await play('Ben');
    expect(ben.code).toBe(ann.code);
    // Another quiz is another lobby.
    const cy = await play('Cy', 'DE');
    expect(cy.code).not.toBe(ann.code);
    expect((await game.state(ann.code))?.players.map((p) => p.nickname)).toEqual(['Ann', 'Ben']);
  });

  test('joins the fullest lobby of the quiz that has room, never a full or running one', async () => {
    const { game, play, connection } = setUp();
    const lobby = async (names: string[], settings: Record<string, unknown> = {}) => {
      const quiz = game.newQuiz({ ...quickPlaySettings('FR'), ...settings });
      if (!quiz.ok) throw new Error('quiz');
      const host = seated(await game.create(names[0]!, quiz, connection()));
      for (const name of names.slice(1)) seated(await game.join(host.code, name, connection()));
      return host;
    };
    const small = await lobby(['A1']);
    const big = await lobby(['B1', 'B2', 'B3']);
    const full = await lobby(['C1', 'C2', 'C3', 'C4'], { maxPlayers: 4 });
    const running = await lobby(['D1', 'D2', 'D3', 'D4', 'D5']);
    expect(await game.start(running.code, running.you.playerId)).toEqual({ ok: true });
    const privateRoom = await lobby(['E1', 'E2', 'E3', 'E4', 'E5', 'E6'], { public: false });

    const zoe = await play('Zoe');
    expect(zoe.code).toBe(big.code);
    expect(zoe.code).not.toBe(privateRoom.code);
    expect((await game.state(full.code))?.players).toHaveLength(4);
    expect((await game.state(small.code))?.players).toHaveLength(1);
  });

  test('lobbies are tried fullest first, only those of the quiz with room and no game', () => {
    const lobby = (code: string, players: number, more: Partial<LobbySummary> = {}) => ({
      code,
      scope: 'FR',
      mode: 'race' as const,
      players,
      maxPlayers: 4,
      running: false,
      ...more,
    });
    const order = lobbiesToTry(
      [
        lobby('AAAAAA', 1),
        lobby('BBBBBB', 3),
        lobby('CCCCCC', 4),
        lobby('DDDDDD', 3, { running: true }),
        lobby('EEEEEE', 3, { scope: 'DE' }),
        lobby('FFFFFF', 2),
      ],
      'FR',
    );
    expect(order.map((l) => l.code)).toEqual(['BBBBBB', 'FFFFFF', 'AAAAAA']);
  });

  test('many players at once fill lobbies in turn and never exceed a room', async () => {
    const { play, game, store } = setUp();
    const maxPlayers = quickPlaySettings('FR').maxPlayers ?? 16;
    const players = Array.from({ length: 40 }, (_, i) => `P${i}`);
    const seats = await Promise.all(players.map((name) => play(name)));
    const codes = [...new Set(seats.map((s) => s.code))];
    const sizes = await Promise.all(
      codes.map(async (code) => (await game.state(code))!.players.length),
    );
    expect(sizes.sort((a, b) => b - a)).toEqual([16, 16, 8]);
    expect(sizes.every((n) => n <= maxPlayers)).toBe(true);
    expect((await store.publicLobbies()).map((l) => l.players).sort((a, b) => b - a)).toEqual([
      16, 16, 8,
    ]);
  });

  test('a lobby that filled or started since it was listed refuses the seat: the next is tried', async () => {
    const lobby = (code: string, players: number): LobbySummary => ({
      code,
      scope: 'FR',
      mode: 'race',
      players,
      maxPlayers: 4,
      running: false,
    });
    const tried: string[] = [];
    const refusedBy: Record<string, AckError> = {
      BBBBBB: { ok: false, error: { code: 'room_full', message: 'full' } },
      CCCCCC: { ok: false, error: { code: 'wrong_phase', message: 'started' } },
    };
    const seat = (code: string) => ({ ok: true, code }) as unknown as Seated;
    const parts = {
      lobbies: async () => [lobby('AAAAAA', 1), lobby('BBBBBB', 3), lobby('CCCCCC', 2)],
      join: async (code: string) => (tried.push(code), refusedBy[code] ?? seat(code)),
      open: async () => (tried.push('new'), seat('NEWNEW')),
    };
    expect(await quickPlay(parts, 'FR')).toMatchObject({ code: 'AAAAAA' });
    expect(tried).toEqual(['BBBBBB', 'CCCCCC', 'AAAAAA']);
    tried.length = 0;
    refusedBy.AAAAAA = { ok: false, error: { code: 'not_found', message: 'gone' } };
    expect(await quickPlay(parts, 'FR')).toMatchObject({ code: 'NEWNEW' });
    expect(tried).toEqual(['BBBBBB', 'CCCCCC', 'AAAAAA', 'new']);
  });
});

describeWith('REDIS_URL')('quick play on two nodes sharing Redis', () => {
  const clients: Redis[] = [];
  const prefix = `prtest-${randomUUID()}:`;
  afterAll(async () => {
    const keys = await clients[0]!.keys(`${prefix}*`);
    if (keys.length > 0) await clients[0]!.del(...keys);
    for (const client of clients) client.disconnect();
  });

  test('players racing on both nodes fill few lobbies and never overfill one', async () => {
    const clock = new TestClock();
    const nodes = await Promise.all(
      [0, 1].map(async () => {
        const client = connectCacheRedis(redisUrl!);
        clients.push(client);
        await redisReady(client);
        return setUp(new RedisRoomStore(client, { prefix }), clock);
      }),
    );
    const seats = await Promise.all(
      Array.from({ length: 40 }, (_, i) => nodes[i % 2]!.play(`P${i}`)),
    );
    const codes = [...new Set(seats.map((s) => s.code))];
    const sizes = await Promise.all(
      codes.map(async (code) => (await nodes[0]!.game.state(code))!.players.length),
    );
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(40);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(16);
    // Three lobbies would hold everyone; a race between the nodes may open one or two more.
    expect(codes.length).toBeLessThanOrEqual(5);
    // And a player on either node joins the fullest that has room.
    const fullest = Math.max(...sizes.filter((n) => n < 16));
    const next = await nodes[1]!.play('Late');
    expect((await nodes[0]!.game.state(next.code))!.players.length).toBe(fullest + 1);
  });

  test("a lobby's countdown begun on one node starts the game from the other's clock", async () => {
    const clock = new TestClock();
    const [a, b] = await Promise.all(
      [0, 1].map(async () => {
        const client = connectCacheRedis(redisUrl!);
        clients.push(client);
        await redisReady(client);
        return setUp(new RedisRoomStore(client, { prefix }), clock);
      }),
    );
    const ann = await a!.play('Ann', 'DE');
    const ben = await b!.play('Ben', 'DE');
    expect(ben.code).toBe(ann.code);
    expect(ben.room.startsAt).toBe(clock.now + AUTO_START_MS);
    clock.advance(AUTO_START_MS);
    await b!.game.tick();
    expect(await a!.game.state(ann.code)).toMatchObject({ phase: 'playing', startsAt: null });
    expect(b!.counted).toContain('started DE');
  });
});

describe("a public lobby's countdown", () => {
  test('begins with the second player, shows in room:state, and starts the game when it runs out', async () => {
    const { play, game, clock, states, counted } = setUp();
    const ann = await play('Ann');
    clock.advance(5_000);
    const ben = await play('Ben');
    const startsAt = clock.now + AUTO_START_MS;
    expect(ben.room.startsAt).toBe(startsAt);
    expect(states.at(-1)?.startsAt).toBe(startsAt);
    // A third player does not move it.
    clock.advance(10_000);
    expect((await play('Cy')).room.startsAt).toBe(startsAt);
    clock.advance(AUTO_START_MS - 10_001);
    await game.tick();
    expect((await game.state(ann.code))?.phase).toBe('lobby');
    clock.advance(1);
    await game.tick();
    const room = await game.state(ann.code);
    expect(room).toMatchObject({ phase: 'playing', startsAt: null });
    expect(room?.endsAt).toBe(startsAt + 300_000);
    expect(states.at(-1)?.phase).toBe('playing');
    expect(counted).toContain('started FR');
  });

  test('stops when fewer than two players are left, and begins again when a second comes', async () => {
    const { play, game, clock } = setUp();
    const ann = await play('Ann');
    const ben = await play('Ben');
    await game.leave(ann.code, ben.you.playerId);
    expect((await game.state(ann.code))?.startsAt).toBeNull();
    clock.advance(AUTO_START_MS * 2);
    await game.tick();
    expect((await game.state(ann.code))?.phase).toBe('lobby');
    const cy = await play('Cy');
    expect(cy.code).toBe(ann.code);
    expect(cy.room.startsAt).toBe(clock.now + AUTO_START_MS);
  });

  test('the host starts early, or holds it until the next game; nobody else may', async () => {
    const { play, game, clock } = setUp();
    const ann = await play('Ann');
    const ben = await play('Ben');
    expect(await game.holdStart(ann.code, ben.you.playerId)).toMatchObject({
      ok: false,
      error: { code: 'not_host' },
    });
    expect(await game.holdStart(ann.code, ann.you.playerId)).toEqual({ ok: true });
    expect((await game.state(ann.code))?.startsAt).toBeNull();
    await play('Cy');
    clock.advance(AUTO_START_MS * 2);
    await game.tick();
    expect(await game.state(ann.code)).toMatchObject({ phase: 'lobby', startsAt: null });

    // Started by hand, then back in the lobby: the countdown runs again.
    expect(await game.start(ann.code, ann.you.playerId)).toEqual({ ok: true });
    expect(await game.holdStart(ann.code, ann.you.playerId)).toMatchObject({
      ok: false,
      error: { code: 'wrong_phase' },
    });
    await game.end(ann.code, ann.you.playerId);
    await game.rematch(ann.code, ann.you.playerId);
    expect((await game.state(ann.code))?.startsAt).toBe(clock.now + AUTO_START_MS);
  });

  test('the host starting early wins over the countdown; a private lobby has none', async () => {
    const { play, game, clock, connection } = setUp();
    const ann = await play('Ann');
    await play('Ben');
    clock.advance(3_000);
    expect(await game.start(ann.code, ann.you.playerId)).toEqual({ ok: true });
    const state = await game.state(ann.code);
    expect(state).toMatchObject({ phase: 'playing', startsAt: null });
    clock.advance(AUTO_START_MS);
    await game.tick();
    expect((await game.state(ann.code))?.endsAt).toBe(state?.endsAt);

    const quiz = game.newQuiz({ scope: 'FR' });
    if (!quiz.ok) throw new Error('quiz');
    const host = seated(await game.create('Dee', quiz, connection()));
    const guest = seated(await game.join(host.code, 'Eve', connection()));
    expect(guest.room.startsAt).toBeNull();
  });
});
