/**
 * The contract every RoomStore keeps: the in-memory store
 * (test/room-store-memory.test.ts) and the Redis store several nodes share
 * (test/room-store-redis.test.ts).
 */
import { CHAT_KEPT, CHAT_REFILL_MS } from '../protocol/chat.js';
import { defaultSettings, EMPTY_ROOM_GRACE_MS, type RoomPlace } from '../server/rooms/room.js';
import type { Executed, RoomStore } from '../server/rooms/room-store.js';

const T0 = 1_700_000_000_000;
const totals = { places: 10, population: 1000 };
const berlin: RoomPlace = {
  id: 2950159,
  name: 'Berlin',
  country: 'DE',
  admin1: '16',
  lat: 52.5,
  lon: 13.4,
  population: 3_426_354,
  capital: true,
};

export function describeRoomStoreContract(
  describeFn: jest.Describe,
  name: string,
  open: () => Promise<RoomStore>,
): void {
  describeFn(`RoomStore contract on ${name}`, () => {
    let store: RoomStore;
    beforeEach(async () => {
      store = await open();
    });

    async function roomWithPlayers(count: number, settings = defaultSettings()) {
      const code = await store.create(settings, totals, T0);
      for (let i = 0; i < count; i++) {
        await store.execute(
          code,
          { type: 'join', nickname: `P${i}`, playerId: `p${i}`, token: `t${i}` },
          T0,
        );
      }
      return code;
    }

    test('creates rooms under distinct codes, in the lobby', async () => {
      const a = await store.create(defaultSettings(), totals, T0);
      const b = await store.create(defaultSettings(), totals, T0);
      expect(a).not.toBe(b);
      expect(await store.state(a)).toMatchObject({ code: a, phase: 'lobby', players: [] });
      expect((await store.codes()).sort()).toEqual(expect.arrayContaining([a, b]));
      expect(await store.count()).toBe((await store.codes()).length);
    });

    test('a command on an unknown room finds nothing', async () => {
      expect(await store.execute('ZZZZZZ', { type: 'tick' }, T0)).toBeUndefined();
      expect(await store.state('ZZZZZZ')).toBeUndefined();
    });

    test('a join answers with the seat and the state to broadcast', async () => {
      const code = await store.create(defaultSettings(), totals, T0);
      const executed = await store.execute(
        code,
        { type: 'join', nickname: 'Ann', playerId: 'ann', token: 't' },
        T0,
      );
      expect(executed?.outcome.reply).toMatchObject({ ok: true, playerId: 'ann', token: 't' });
      expect(executed?.state?.players.map((p) => p.nickname)).toEqual(['Ann']);
      expect((await store.settings(code))?.scope).toBe('world');
    });

    test('simultaneous claims of one place: exactly one found, published in command order', async () => {
      const code = await roomWithPlayers(8);
      await store.execute(code, { type: 'start', playerId: 'p0', gameId: 'g' }, T0);
      const published: Executed[] = [];
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.execute(
            code,
            { type: 'guess', playerId: `p${i}`, candidates: [berlin] },
            T0 + 1,
            (e) => published.push(e),
          ),
        ),
      );
      const kinds = results.map((r) =>
        r?.outcome.reply.ok ? r.outcome.reply.result?.kind : 'error',
      );
      expect(kinds.filter((k) => k === 'found')).toHaveLength(1);
      expect(kinds.filter((k) => k === 'taken')).toHaveLength(7);
      expect(published).toHaveLength(8);
      expect(published.map((e) => e.outcome)).toEqual(results.map((r) => r!.outcome));
    });

    test('the end of a game carries its results and the places named', async () => {
      const code = await roomWithPlayers(2);
      await store.execute(code, { type: 'start', playerId: 'p0', gameId: 'game-1' }, T0);
      await store.execute(code, { type: 'guess', playerId: 'p1', candidates: [berlin] }, T0 + 5);
      const ended = await store.execute(code, { type: 'end', playerId: 'p0' }, T0 + 10);
      expect(ended?.ended?.results).toMatchObject({ gameId: 'game-1', endedAt: T0 + 10 });
      expect(ended?.ended?.results.ranking[0]).toMatchObject({ playerId: 'p1', score: 1 });
      expect(ended?.ended?.named).toEqual([berlin.id]);
    });

    test('public rooms are listed, with whether a game is running; private ones are not', async () => {
      const open = await roomWithPlayers(2, { ...defaultSettings(), public: true, scope: 'DE' });
      const playing = await roomWithPlayers(1, { ...defaultSettings(), public: true });
      await store.execute(playing, { type: 'start', playerId: 'p0', gameId: 'g' }, T0);
      const private_ = await roomWithPlayers(1);
      const lobbies = await store.publicLobbies();
      expect(lobbies).toContainEqual({
        code: open,
        scope: 'DE',
        mode: 'race',
        players: 2,
        maxPlayers: 16,
        running: false,
      });
      expect(lobbies.find((l) => l.code === playing)).toMatchObject({ players: 1, running: true });
      expect(lobbies.map((l) => l.code)).not.toContain(private_);
      await store.execute(playing, { type: 'end', playerId: 'p0' }, T0 + 1);
      expect((await store.publicLobbies()).map((l) => l.code)).not.toContain(playing);
    });

    test('the public list counts connected players and drops a room everyone left', async () => {
      const code = await roomWithPlayers(2, { ...defaultSettings(), public: true });
      const listed = async () => (await store.publicLobbies()).find((l) => l.code === code);
      await store.execute(code, { type: 'disconnect', playerId: 'p0' }, T0 + 1);
      expect(await listed()).toMatchObject({ players: 1 });
      await store.execute(code, { type: 'disconnect', playerId: 'p1' }, T0 + 2);
      expect(await listed()).toBeUndefined();
    });

    test('the overview lists every room as the dashboard shows it, kept up to date', async () => {
      const code = await roomWithPlayers(2, { ...defaultSettings(), scope: 'DE' });
      const line = async () => (await store.overview()).find((room) => room.code === code);
      expect(await line()).toEqual({
        code,
        scope: 'DE',
        mode: 'race',
        phase: 'lobby',
        players: 2,
        finds: 0,
        createdAt: T0,
      });
      await store.execute(code, { type: 'start', playerId: 'p0', gameId: 'g' }, T0);
      await store.execute(code, { type: 'guess', playerId: 'p1', candidates: [berlin] }, T0 + 1);
      await store.execute(code, { type: 'disconnect', playerId: 'p0' }, T0 + 2);
      expect(await line()).toMatchObject({ phase: 'playing', players: 1, finds: 1 });
      await store.execute(code, { type: 'leave', playerId: 'p0' }, T0 + 3);
      await store.execute(code, { type: 'leave', playerId: 'p1' }, T0 + 3);
      expect(await store.removeIfAbandoned(code, T0 + 3 + EMPTY_ROOM_GRACE_MS + 1)).toBe(true);
      expect(await line()).toBeUndefined();
    });

    test('the chat: the last 50 lines kept with the room, held ones read at the end, gone with it', async () => {
      const code = await roomWithPlayers(2);
      const say = (text: string, at: number, mentions: number[] = []) =>
        store.execute(
          code,
          { type: 'chat', playerId: 'p1', text, masked: text, mentions, scope: 'world' },
          at,
        );
      for (let i = 1; i <= CHAT_KEPT + 3; i++) await say(`line ${i}`, T0 + i * CHAT_REFILL_MS);
      const kept = await store.chat(code);
      expect(kept).toHaveLength(CHAT_KEPT);
      expect(kept![0]).toMatchObject({ id: 4, text: 'line 4', nickname: 'P1' });
      expect(kept!.at(-1)).toMatchObject({ id: CHAT_KEPT + 3 });

      const later = T0 + 1000 * CHAT_REFILL_MS;
      await store.execute(code, { type: 'start', playerId: 'p0', gameId: 'g' }, later);
      const held = await say('Berlin?', later + 1, [berlin.id]);
      expect(held?.outcome.reply).toEqual({ ok: true, held: true });
      expect((await store.chat(code))!.at(-1)).toMatchObject({ text: `line ${CHAT_KEPT + 3}` });
      await store.execute(code, { type: 'end', playerId: 'p0' }, later + 2);
      expect((await store.chat(code))!.at(-1)).toMatchObject({ text: 'Berlin?', held: true });

      for (const id of ['p0', 'p1']) await store.execute(code, { type: 'leave', playerId: id }, T0);
      expect(await store.removeIfAbandoned(code, later + EMPTY_ROOM_GRACE_MS + 10)).toBe(true);
      expect(await store.chat(code)).toBeUndefined();
    });

    test('a room nobody sits in is removed after the grace period, not before', async () => {
      const code = await roomWithPlayers(1);
      await store.execute(code, { type: 'leave', playerId: 'p0' }, T0 + 100);
      expect(await store.removeIfAbandoned(code, T0 + 100 + EMPTY_ROOM_GRACE_MS - 1)).toBe(false);
      expect(await store.removeIfAbandoned(code, T0 + 100 + EMPTY_ROOM_GRACE_MS)).toBe(true);
      expect(await store.state(code)).toBeUndefined();
      const kept = await roomWithPlayers(1);
      expect(await store.removeIfAbandoned(kept, T0 + 10 * EMPTY_ROOM_GRACE_MS)).toBe(false);
    });

    test('a room is due for a tick when its game ends, not before', async () => {
      const code = await roomWithPlayers(1);
      await store.execute(code, { type: 'start', playerId: 'p0', gameId: 'g' }, T0);
      const endsAt = (await store.state(code))!.endsAt!;
      expect(await store.due(endsAt - 1)).not.toContain(code);
      expect(await store.due(endsAt)).toContain(code);
      const ended = await store.execute(code, { type: 'tick' }, endsAt);
      expect(ended?.ended?.results.endedAt).toBe(endsAt);
      expect(await store.due(endsAt + 1000)).not.toContain(code);
    });

    test('seats follow their connection: a lost node, a stale disconnect', async () => {
      const code = await store.create(defaultSettings(), totals, T0);
      const ann = { node: 'n1', socket: 's1' };
      await store.execute(
        code,
        { type: 'join', nickname: 'Ann', playerId: 'ann', token: 'ta', connection: ann },
        T0,
      );
      await store.execute(
        code,
        {
          type: 'join',
          nickname: 'Ben',
          playerId: 'ben',
          token: 'tb',
          connection: { node: 'n2', socket: 's2' },
        },
        T0,
      );
      // Ann's seat is taken back on node 2; the old socket's late disconnect changes nothing.
      const rejoined = await store.execute(
        code,
        { type: 'rejoin', token: 'ta', connection: { node: 'n2', socket: 's3' } },
        T0 + 1,
      );
      expect(rejoined?.outcome.reply).toMatchObject({ ok: true, playerId: 'ann', previous: ann });
      await store.execute(code, { type: 'disconnect', playerId: 'ann', connection: ann }, T0 + 2);
      expect((await store.state(code))!.players.every((p) => p.connected)).toBe(true);

      await store.execute(code, { type: 'lost', node: 'n2' }, T0 + 3);
      expect((await store.state(code))!.players.map((p) => p.connected)).toEqual([false, false]);
    });

    test('spectators are kept with the room: listed, away, taken back by token, gone', async () => {
      const code = await roomWithPlayers(1);
      const on = { node: 'n1', socket: 's1' };
      const watched = await store.execute(
        code,
        { type: 'spectate', nickname: 'P0', spectatorId: 'w1', token: 'tw', connection: on },
        T0,
      );
      expect(watched?.outcome.reply).toMatchObject({ ok: true, playerId: 'w1', token: 'tw' });
      expect(watched?.state?.spectators).toEqual([{ id: 'w1', nickname: 'P0 2' }]);
      await store.execute(code, { type: 'lost', node: 'n1' }, T0 + 1);
      expect((await store.state(code))!.spectators).toEqual([]);
      const back = await store.execute(
        code,
        { type: 'respectate', token: 'tw', connection: { node: 'n2', socket: 's2' } },
        T0 + 2,
      );
      expect(back?.outcome.reply).toMatchObject({ ok: true, playerId: 'w1' });
      expect((await store.state(code))!.spectators).toEqual([{ id: 'w1', nickname: 'P0 2' }]);
      await store.execute(code, { type: 'unspectate', spectatorId: 'w1' }, T0 + 3);
      expect((await store.state(code))!.spectators).toEqual([]);
      expect((await store.state(code))!.players).toHaveLength(1);
    });
  });
}
