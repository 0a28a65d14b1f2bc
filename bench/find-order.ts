/**
 * `npm run bench:find-order`: issue 16, point 5's target. One race of 12
 * players over two nodes (test/support/cluster.ts, loopback, a Redis prefix
 * of their own), every player guessing 8 times a second for 20 s (after 2 s
 * not measured) from a realistic mix (loadtest/guess-mix.ts: real names
 * weighted by population, other spellings, 20% misses). Needs DATABASE_URL
 * (an imported gazetteer) and REDIS_URL.
 *
 * Printed, over every receiver: the `place:found` events delivered; those
 * that came after a later seq of the room (out of order, what the target
 * counts); and those a client would have held, because an event before them
 * (a find or a state) had not come yet. Also the broadcast latency, send →
 * `place:found` at each other player, for receivers on the finder's node and
 * on the other one. Times are in ms, taken in this one process; the machine
 * is shared and noisy.
 */
import { openPostgresDatabase } from '../db/postgres-database.js';
import { buildGuessMix } from '../loadtest/guess-mix.js';
import { Cluster } from '../test/support/cluster.js';
import {
  call,
  connectPlayer,
  disconnectAll,
  nextEvent,
  type PlayerSocket,
} from '../test/support/game-client.js';
import { sendOpenLoop, waitUntil } from './open-loop.js';
import { percentile } from './stats.js';

const SCOPE = 'DE';
const PLAYERS = 12;
/** Guesses a second per player: the default limit is 10 a second per socket. */
const RATE = 8;
const WARM_UP_MS = 2000;
const MEASURE_MS = 20_000;
const ACK_TIMEOUT_MS = 10_000;
/** The whole run stops here whatever happens. */
const TIME_LIMIT_MS = 2 * 60_000;

interface Seat {
  node: number;
  socket: PlayerSocket;
  texts: string[];
  /** The highest seq heard, finds and states alike. */
  lastSeq: number;
  /** The highest find seq heard. */
  lastFind: number;
}

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;

async function run(texts: string[]) {
  const cluster = await Cluster.start({
    ids: ['node-a', 'node-b'],
    databaseUrl: databaseUrl!,
    redisUrl: redisUrl!,
  });
  try {
    const seats: Seat[] = [];
    /** place id → receiver → when its place:found arrived. */
    const arrivals = new Map<number, Map<Seat, number>>();
    let delivered = 0;
    let outOfOrder = 0;
    let held = 0;
    let code = '';
    for (let p = 0; p < PLAYERS; p++) {
      const node = p % 2;
      const socket = await connectPlayer(cluster.url(node));
      const seat: Seat = {
        node,
        socket,
        texts: texts.filter((_, i) => i % PLAYERS === p),
        lastSeq: 0,
        lastFind: 0,
      };
      socket.on('room:state', (room) => (seat.lastSeq = Math.max(seat.lastSeq, room.seq)));
      socket.on('place:found', (find) => {
        delivered++;
        if (find.seq < seat.lastFind) outOfOrder++;
        // A client applies a find only right after the event before it (client/src/state/room-feed.ts).
        if (find.seq !== seat.lastSeq + 1) held++;
        seat.lastFind = Math.max(seat.lastFind, find.seq);
        seat.lastSeq = Math.max(seat.lastSeq, find.seq);
        let heard = arrivals.get(find.place.id);
        if (!heard) arrivals.set(find.place.id, (heard = new Map()));
        heard.set(seat, performance.now());
      });
      const ack =
        p === 0
          ? await call(socket, 'room:create', {
              nickname: 'Host',
              settings: { scope: SCOPE, mode: 'race', durationSec: 0 },
            })
          : await call(socket, 'room:join', { code, nickname: `P${p}` });
      if (!ack.ok) throw new Error(`seating player ${p} failed: ${JSON.stringify(ack)}`);
      code = ack.room.code;
      seats.push(seat);
    }
    const playing = seats.map((s) =>
      nextEvent(s.socket, 'room:state', (state) => state.phase === 'playing'),
    );
    const started = await call(seats[0]!.socket, 'game:start', {});
    if (!started.ok) throw new Error(`game:start failed: ${JSON.stringify(started)}`);
    await Promise.all(playing);

    // The load: each player sends at its own fixed times, whatever the acks do.
    const sent = await sendOpenLoop(seats, {
      rate: RATE,
      warmUpMs: WARM_UP_MS,
      measureMs: MEASURE_MS,
      ackTimeoutMs: ACK_TIMEOUT_MS,
      phaseOf: (s) => s / PLAYERS,
    });

    // Wait (boundedly) for the last broadcasts to reach everyone.
    const finds = sent.filter((g) => g.placeId !== undefined);
    await waitUntil(() => finds.every((g) => (arrivals.get(g.placeId!)?.size ?? 0) >= PLAYERS));

    const sameNode: number[] = [];
    const otherNode: number[] = [];
    let incomplete = 0;
    const errors: Record<string, number> = {};
    for (const g of sent) {
      if (g.outcome && !['found', 'taken', 'repeat', 'miss'].includes(g.outcome)) {
        errors[g.outcome] = (errors[g.outcome] ?? 0) + 1;
      }
    }
    for (const g of finds.filter((f) => f.measured)) {
      const heard = arrivals.get(g.placeId!) ?? new Map<Seat, number>();
      for (const s of seats) {
        if (s === g.seat) continue;
        const at = heard.get(s);
        if (at === undefined) incomplete++;
        else (s.node === g.seat.node ? sameNode : otherNode).push(at - g.at);
      }
    }
    sameNode.sort((a, b) => a - b);
    otherNode.sort((a, b) => a - b);
    if (cluster.unexpectedExits.length > 0) {
      throw new Error(`a node exited: ${JSON.stringify(cluster.unexpectedExits)}`);
    }
    return {
      guesses: sent.length,
      finds: finds.length,
      delivered,
      outOfOrder,
      held,
      incomplete,
      errors,
      sameNode,
      otherNode,
    };
  } catch (err) {
    console.error(cluster.logs());
    throw err;
  } finally {
    disconnectAll();
    await cluster.stop();
  }
}

const ms = (sorted: number[], p: number) =>
  sorted.length === 0 ? '-' : percentile(sorted, p).toFixed(1);

async function main(): Promise<void> {
  if (!databaseUrl || !redisUrl) {
    console.error(
      'bench:find-order needs DATABASE_URL (with the gazetteer imported) and REDIS_URL',
    );
    process.exit(2);
  }
  const limit = setTimeout(() => {
    console.error(`bench:find-order did not finish within ${TIME_LIMIT_MS / 1000} s`);
    process.exit(1);
  }, TIME_LIMIT_MS);
  limit.unref();

  const db = await openPostgresDatabase(databaseUrl);
  const perPlayer = Math.ceil((RATE * (WARM_UP_MS + MEASURE_MS)) / 1000) + 1;
  const mix = await buildGuessMix(db, { count: perPlayer * PLAYERS, scopes: [SCOPE], seed: 16 });
  await db.close();

  const f = await run(mix.map((g) => g.text));
  const errors = Object.entries(f.errors).map(([code, n]) => `${code} ${n}`);
  console.log(
    `\nOne race over two nodes: ${PLAYERS} players (6 on each), ${RATE} guesses/s each, ` +
      `${MEASURE_MS / 1000} s measured after ${WARM_UP_MS / 1000} s`,
  );
  console.log(`guesses sent            ${f.guesses}  (errors: ${errors.join(', ') || 'none'})`);
  console.log(`finds                   ${f.finds}`);
  console.log(`place:found delivered   ${f.delivered}  (over all ${PLAYERS} receivers)`);
  console.log(`  after a later seq     ${f.outOfOrder}  (out of order)`);
  console.log(`  ahead of an event     ${f.held}  (a client would hold it)`);
  console.log(`  never heard           ${f.incomplete}  (measured finds × other players)`);
  console.log(
    `send → place:found at another player, ms: finder's node p50 ${ms(f.sameNode, 50)} ` +
      `p99 ${ms(f.sameNode, 99)}; other node p50 ${ms(f.otherNode, 50)} p99 ${ms(f.otherNode, 99)}`,
  );
}

await main();
process.exit(0);
