/**
 * The room events stream on a real Redis (issue 16, point 5): two Redis room
 * stores, as two nodes hold them, commit one room's guesses at once; the
 * stream must hold the room's events in `seq` order, and the feed
 * (server/realtime/room-event-feed.ts) must hand them to the node's own
 * sockets in that order, from where the stream ended when it started.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createLogger } from '../server/log.js';
import { startRoomEventFeed } from '../server/realtime/room-event-feed.js';
import type { GameIo } from '../server/realtime/socket-types.js';
import { connectCacheRedis, redisReady } from '../server/redis.js';
import { RedisRoomStore } from '../server/rooms/redis-room-store.js';
import { decodeStreamEntry, roomEventsKey } from '../server/rooms/room-event-stream.js';
import { defaultSettings, type RoomPlace } from '../server/rooms/room.js';
import { describeWith, redisUrl } from './support/services.js';

const describeRedis = describeWith('REDIS_URL');
const T0 = 1_700_000_000_000;
const totals = { places: 100, population: 1000 };

function place(id: number): RoomPlace {
  return {
    id,
    name: `P${id}`,
    country: 'DE',
    admin1: '',
    lat: 0,
    lon: 0,
    population: id,
    capital: false,
  };
}

/** What a fake socket.io server was asked to deliver to its local sockets: room, event, seq. */
function localEmits() {
  const emitted: { code: string; event: string; seq: number }[] = [];
  const io = {
    local: {
      to: (code: string) => ({
        emit: (event: string, payload: { seq: number }) => {
          emitted.push({ code, event, seq: payload.seq });
          return true;
        },
      }),
    },
  } as unknown as GameIo;
  return { io, emitted };
}

async function waitUntil(done: () => boolean, what: () => string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describeRedis('the room events stream', () => {
  const clients: Redis[] = [];
  let prefix: string;

  async function client(): Promise<Redis> {
    const redis = connectCacheRedis(redisUrl!);
    clients.push(redis);
    await redisReady(redis);
    return redis;
  }

  beforeEach(() => {
    prefix = `prtest-${randomUUID()}:`;
  });
  afterEach(async () => {
    const redis = clients[0];
    if (redis) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    for (const c of clients.splice(0)) c.disconnect();
  });

  /** Two nodes' stores over one room with `players` seated and its game started. */
  async function sharedRoom(players: number) {
    const eventStream = roomEventsKey(prefix);
    const a = new RedisRoomStore(await client(), { prefix, eventStream });
    const b = new RedisRoomStore(await client(), { prefix, eventStream });
    const code = await a.create(defaultSettings(), totals, T0);
    for (let i = 0; i < players; i++) {
      await (i % 2 ? b : a).execute(
        code,
        { type: 'join', nickname: `P${i}`, playerId: `p${i}`, token: `t${i}` },
        T0,
      );
    }
    await a.execute(code, { type: 'start', playerId: 'p0', gameId: 'g1' }, T0);
    return { a, b, code, eventStream };
  }

  test('commits from two nodes at once: the stream holds the room events in seq order, each once', async () => {
    const { a, b, code, eventStream } = await sharedRoom(6);
    const redis = clients[0]!;
    const { io, emitted } = localEmits();
    const feed = startRoomEventFeed(io, {
      redis,
      key: eventStream,
      log: createLogger('silent'),
      blockMs: 200,
      batch: 7,
    });
    try {
      // The feed starts where the stream ends: the joins and the start are not delivered again.
      const started = (await a.state(code))!.seq;
      await new Promise((resolve) => setTimeout(resolve, 50));

      const results = await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          (i % 2 ? b : a).execute(
            code,
            { type: 'guess', playerId: `p${i % 6}`, candidates: [place(1 + (i % 60))] },
            T0 + 1,
          ),
        ),
      );
      const found = results.filter((r) => r?.outcome.reply.ok && r.outcome.events.length > 0);
      expect(found).toHaveLength(60);
      // A state among the finds: a player leaves, from node B.
      await b.execute(code, { type: 'leave', playerId: 'p5' }, T0 + 2);

      const all = Array.from({ length: 61 }, (_, i) => started + 1 + i);
      const entries = await redis.xrange(eventStream, '-', '+');
      const stored = entries
        .map(([, fields]) => decodeStreamEntry(fields)!)
        .flatMap((e) =>
          e.type === 'found' ? [e.find.seq] : e.type === 'state' ? [e.room.seq] : [],
        )
        .filter((seq) => seq > started);
      expect(stored).toEqual(all);

      await waitUntil(
        () => emitted.length >= all.length,
        () => `delivered ${emitted.length} of ${all.length}`,
      );
      expect(emitted.map((e) => e.seq)).toEqual(all);
      expect(new Set(emitted.map((e) => e.code))).toEqual(new Set([code]));
      expect(emitted.filter((e) => e.event === 'place:found')).toHaveLength(60);
      expect(emitted.at(-1)!.event).toBe('room:state');
    } finally {
      await feed.stop();
    }
  });

  test('stop ends a blocked read at once', async () => {
    const { io } = localEmits();
    const feed = startRoomEventFeed(io, {
      redis: await client(),
      key: roomEventsKey(prefix),
      log: createLogger('silent'),
      blockMs: 60_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const t0 = Date.now();
    await feed.stop();
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  test('a store without a stream writes none', async () => {
    const redis = await client();
    const store = new RedisRoomStore(redis, { prefix });
    const code = await store.create(defaultSettings(), totals, T0);
    await store.execute(code, { type: 'join', nickname: 'A', playerId: 'p0', token: 't0' }, T0);
    expect(await redis.keys(`${prefix}room-events*`)).toEqual([]);
  });
});
