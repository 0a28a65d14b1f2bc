import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { connectCacheRedis, redisReady } from '../server/redis.js';
import { defaultSettings, type RoomPlace } from '../server/rooms/room.js';
import { RedisRoomStore } from '../server/rooms/redis-room-store.js';
import { StoreUnavailableError } from '../server/rooms/room-store.js';
import { describeRoomStoreContract } from './room-store.contract.js';
import { describeWith, redisUrl } from './support/services.js';

const describeRedis = describeWith('REDIS_URL');
const T0 = 1_700_000_000_000;
const totals = { places: 100, population: 1000 };
const prefixes: string[] = [];
let redis: Redis;
const clients: Redis[] = [];

function place(id: number): RoomPlace {
  return {
    id,
    name: `P${id}`,
    country: 'DE',
    admin1: '',
    lat: 0,
    lon: 0,
    population: id,
    capital: id === 1,
  };
}

/** A store as one node holds it, under a prefix of this test run. */
async function nodeStore(prefix: string) {
  const client = connectCacheRedis(redisUrl!);
  clients.push(client);
  await redisReady(client);
  return new RedisRoomStore(client, { prefix });
}

function freshPrefix() {
  const prefix = `prtest-${randomUUID()}:`;
  prefixes.push(prefix);
  return prefix;
}

describeRedis('the Redis room store', () => {
  beforeAll(() => {
    redis = new Redis(redisUrl!);
  });
  afterAll(async () => {
    for (const prefix of prefixes) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    await redis.quit();
    for (const client of clients) client.disconnect();
  });

  describeRoomStoreContract(describe, 'Redis', async () => nodeStore(freshPrefix()));

  async function sharedRoom(players: number) {
    const prefix = freshPrefix();
    const a = await nodeStore(prefix);
    const b = await nodeStore(prefix);
    const code = await a.create(defaultSettings(), totals, T0);
    for (let i = 0; i < players; i++) {
      await (i % 2 ? b : a).execute(
        code,
        { type: 'join', nickname: `P${i}`, playerId: `p${i}`, token: `t${i}` },
        T0,
      );
    }
    await a.execute(code, { type: 'start', playerId: 'p0', gameId: 'g1' }, T0);
    return { a, b, code };
  }

  test('two nodes racing for the same places: each claimed once, one seq without gaps', async () => {
    const { a, b, code } = await sharedRoom(8);
    const guesses = Array.from({ length: 1000 }, (_, i) => ({
      store: i % 2 ? b : a,
      playerId: `p${i % 8}`,
      place: place(1 + (i % 100)),
    }));
    const results = await Promise.all(
      guesses.map(({ store, playerId, place: p }) =>
        store.execute(code, { type: 'guess', playerId, candidates: [p] }, T0 + 1),
      ),
    );
    const found = results.filter(
      (r) => r?.outcome.reply.ok && r.outcome.reply.result?.kind === 'found',
    );
    expect(found).toHaveLength(100);
    const taken = results.filter(
      (r) => r?.outcome.reply.ok && r.outcome.reply.result?.kind !== 'found',
    );
    expect(taken).toHaveLength(900);

    for (const store of [a, b]) {
      const state = (await store.state(code))!;
      expect(state.found).toHaveLength(100);
      expect(new Set(state.found.map((f) => f.place.id)).size).toBe(100);
      const seqs = state.found.map((f) => f.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(new Set(seqs).size).toBe(100);
      const scores = state.players.reduce((sum, p) => sum + p.score, 0);
      expect(scores).toBe(100);
      expect(state.progress.capitals).toBe(1);
    }
    // One sequence: the finds' seq numbers are those the guesses were acknowledged with.
    const foundSeqs = found.flatMap((r) =>
      r!.outcome.events.flatMap((e) => (e.type === 'found' ? [e.find.seq] : [])),
    );
    expect(new Set(foundSeqs).size).toBe(100);
  });

  test('a node sees what another did: a new game empties the finds everywhere', async () => {
    const { a, b, code } = await sharedRoom(2);
    await b.execute(code, { type: 'guess', playerId: 'p1', candidates: [place(5)] }, T0 + 1);
    expect((await a.state(code))?.found.map((f) => f.place.id)).toEqual([5]);
    await a.execute(code, { type: 'end', playerId: 'p0' }, T0 + 2);
    await b.execute(code, { type: 'rematch', playerId: 'p0' }, T0 + 3);
    await a.execute(code, { type: 'start', playerId: 'p0', gameId: 'g2' }, T0 + 4);
    const again = await b.execute(
      code,
      { type: 'guess', playerId: 'p1', candidates: [place(5)] },
      T0 + 5,
    );
    expect(again?.outcome.reply).toMatchObject({ ok: true, result: { kind: 'found' } });
    expect((await a.state(code))?.found.map((f) => f.place.id)).toEqual([5]);
    expect((await a.state(code))?.players.find((p) => p.id === 'p1')?.score).toBe(1);
  });

  test('a guess looked up in a quiz the room has left is refused; the node then sees the new one', async () => {
    const prefix = freshPrefix();
    const a = await nodeStore(prefix);
    const b = await nodeStore(prefix);
    const code = await a.create({ ...defaultSettings(), scope: 'DE' }, totals, T0);
    await a.execute(code, { type: 'join', nickname: 'Ann', playerId: 'ann', token: 'ta' }, T0);
    await b.execute(code, { type: 'join', nickname: 'Ben', playerId: 'ben', token: 'tb' }, T0);
    await a.execute(code, { type: 'settings', playerId: 'ann', settings: { scope: 'FR' } }, T0);
    await a.execute(code, { type: 'start', playerId: 'ann', gameId: 'g' }, T0);
    expect((await b.settings(code))?.scope).toBe('DE');
    const stale = await b.execute(
      code,
      { type: 'guess', playerId: 'ben', candidates: [place(7)], scope: 'DE' },
      T0 + 1,
    );
    expect(stale?.outcome.reply).toMatchObject({ ok: false, code: 'stale_scope' });
    expect((await b.settings(code))?.scope).toBe('FR');
  });

  test('the game ends once, whichever nodes tick it', async () => {
    const { a, b, code } = await sharedRoom(2);
    const endsAt = (await a.state(code))!.endsAt!;
    expect(await a.due(endsAt - 1)).not.toContain(code);
    expect(await b.due(endsAt)).toContain(code);
    const ticks = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? a : b).execute(code, { type: 'tick' }, endsAt + i),
      ),
    );
    expect(ticks.filter((t) => t?.ended)).toHaveLength(1);
    expect((await a.state(code))?.phase).toBe('finished');
  });

  test('Redis unreachable: commands fail as unavailable, and work again when it is back', async () => {
    const prefix = freshPrefix();
    const client = connectCacheRedis(redisUrl!);
    await redisReady(client);
    const store = new RedisRoomStore(client, { prefix });
    const code = await store.create(defaultSettings(), totals, T0);
    client.disconnect(true);
    await expect(store.state(code)).rejects.toBeInstanceOf(StoreUnavailableError);
    await new Promise<void>((resolve) => client.once('ready', resolve));
    expect((await store.state(code))?.code).toBe(code);
    client.disconnect();
  });
});
