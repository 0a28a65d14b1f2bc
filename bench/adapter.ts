/**
 * `npm run bench:adapter`: what it costs a room to be spread over two nodes,
 * whose broadcasts then travel through Redis (the socket.io streams adapter)
 * rather than staying in one process.
 *
 * Needs DATABASE_URL (an imported gazetteer) and REDIS_URL. For each of two
 * placements, at the same load, it starts two fresh nodes (test/support/
 * cluster.ts, a Redis prefix of their own, loopback only):
 *
 *   (a) every player on node A;
 *   (b) the players of each room spread over A and B, half and half.
 *
 * 10 race rooms of 8 players, each room in its own country; every player
 * sends its share of a realistic guess mix (loadtest/guess-mix.ts: real
 * names weighted by population, other spellings, 20% misses) at a fixed
 * open-loop rate, below the default per-socket limit. Both nodes first load
 * the names of every country they will serve (a game started there), so
 * that neither placement pays for cold caches. The first seconds are not
 * measured.
 *
 * Measured per guess: the ack latency (send → ack) and, for each find, the
 * broadcast latency (send → the `place:found` for it has reached every other
 * player of the room), also per receiver on the finder's node and on the
 * other. Times are in ms, taken in this one process. The machine is shared
 * and noisy: compare within one run.
 */
import { openPostgresDatabase } from '../db/postgres-database.js';
import { buildGuessMix } from '../loadtest/guess-mix.js';
import type { Find } from '../protocol/types.js';
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

const SCOPES = ['DE', 'FR', 'IT', 'ES', 'PL', 'GB', 'US', 'NL', 'JP', 'BR'];
const PLAYERS_PER_ROOM = 8;
/** Guesses a second per player: the default limit is 10 a second per socket. */
const RATE = 4;
const WARM_UP_MS = 2000;
const MEASURE_MS = 10_000;
/**
 * The nodes count as settled (their scope preloads done) once this many
 * probes in a row, one every PROBE_EVERY_MS, were answered within SETTLED_MS.
 */
const SETTLED_PROBES = 5;
const SETTLED_MS = 25;
const PROBE_EVERY_MS = 200;
const SETTLE_LIMIT_MS = 40_000;
const ACK_TIMEOUT_MS = 10_000;
/** The whole run stops here whatever happens. */
const TIME_LIMIT_MS = 2 * 60_000;

interface Seat {
  room: number;
  node: number;
  socket: PlayerSocket;
  playerId: string;
  texts: string[];
}

interface Figures {
  label: string;
  /** How long after the games started the nodes answered promptly again. */
  settledMs: number;
  sent: number;
  acked: number;
  errors: Record<string, number>;
  finds: number;
  ack: number[];
  toEveryone: number[];
  sameNode: number[];
  otherNode: number[];
  incomplete: number;
  /** Share of place:found events that arrived after one with a later seq. */
  outOfOrder: number;
}

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;

/**
 * Waits until every node answers guesses promptly again. A game started in a
 * country loads that country's names into the node (on PostgreSQL); until
 * those loads finish, guesses on the node wait seconds, which would swamp
 * what this benchmark compares. A probe is a guess of a new nonsense word by
 * a player on the node: a miss, looked up down to the database, that changes
 * nothing in the room.
 */
async function settle(probes: PlayerSocket[], label: string): Promise<number> {
  const started = performance.now();
  let prompt = 0;
  for (let i = 0; prompt < SETTLED_PROBES; i++) {
    if (performance.now() - started > SETTLE_LIMIT_MS) {
      console.error(`${label}: the nodes did not settle within ${SETTLE_LIMIT_MS / 1000} s`);
      break;
    }
    const times = await Promise.all(
      probes.map(async (socket) => {
        const t0 = performance.now();
        const text = `zzqx${i}vbk${Math.floor(Math.random() * 1e9)}`;
        const ack = await call(socket, 'guess', { text });
        // A refusal comes back fast without telling anything: it does not count as prompt.
        return ack.ok ? performance.now() - t0 : Infinity;
      }),
    );
    prompt = times.every((t) => t <= SETTLED_MS) ? prompt + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
  }
  return performance.now() - started;
}

async function run(
  label: string,
  placement: (room: number, player: number) => number,
  mixes: string[][],
): Promise<Figures> {
  const cluster = await Cluster.start({
    ids: ['node-a', 'node-b'],
    databaseUrl: databaseUrl!,
    redisUrl: redisUrl!,
    // Every player connects from this one address: room creations and joins per address are raised
    // (the per-socket guess limit is not, and the load stays below it).
    env: { CREATES_PER_MINUTE: '200', JOINS_PER_MINUTE: '1000' },
  });
  try {
    const rooms: Seat[][] = [];
    /** Arrival times of each room's finds, by place id: receiver → ms. */
    const arrivals = new Map<string, Map<Seat, number>>();
    /** place:found events heard, and those that came after a later seq of their room. */
    let heardFinds = 0;
    let behind = 0;
    for (const [r, scope] of SCOPES.entries()) {
      const seats: Seat[] = [];
      let code = '';
      for (let p = 0; p < PLAYERS_PER_ROOM; p++) {
        const node = placement(r, p);
        const socket = await connectPlayer(cluster.url(node));
        const ack =
          p === 0
            ? await call(socket, 'room:create', {
                nickname: `H${r}`,
                settings: { scope, mode: 'race', durationSec: 0 },
              })
            : await call(socket, 'room:join', { code, nickname: `P${p}` });
        if (!ack.ok) throw new Error(`${label}: joining room ${r} failed: ${JSON.stringify(ack)}`);
        code = ack.room.code;
        const seat: Seat = {
          room: r,
          node,
          socket,
          playerId: ack.you.playerId,
          texts: mixes[r]!.filter((_, i) => i % PLAYERS_PER_ROOM === p),
        };
        let lastSeq = 0;
        socket.on('place:found', (find: Find) => {
          heardFinds++;
          if (find.seq < lastSeq) behind++;
          lastSeq = Math.max(lastSeq, find.seq);
          const key = `${r}:${find.place.id}`;
          let heard = arrivals.get(key);
          if (!heard) arrivals.set(key, (heard = new Map()));
          heard.set(seat, performance.now());
        });
        seats.push(seat);
      }
      rooms.push(seats);
    }

    // Every node loads the names of each country it will serve, as a game started there does.
    for (const node of [0, 1]) {
      const served = new Set(
        rooms.filter((seats) => seats.some((s) => s.node === node)).map((seats) => seats[0]!.room),
      );
      const started = new Set(rooms.filter((s) => s[0]!.node === node).map((s) => s[0]!.room));
      for (const r of served) {
        if (started.has(r)) continue;
        const socket = await connectPlayer(cluster.url(node));
        const ack = await call(socket, 'room:create', {
          nickname: 'Warm',
          settings: { scope: SCOPES[r], durationSec: 0 },
        });
        if (!ack.ok || !(await call(socket, 'game:start', {})).ok) {
          throw new Error(`${label}: warming ${SCOPES[r]} on node ${node} failed`);
        }
      }
    }
    await Promise.all(
      rooms.map(async (seats) => {
        const playing = seats.map((s) =>
          nextEvent(s.socket, 'room:state', (state) => state.phase === 'playing'),
        );
        const ack = await call(seats[0]!.socket, 'game:start', {});
        if (!ack.ok) throw new Error(`${label}: game:start failed: ${JSON.stringify(ack)}`);
        await Promise.all(playing);
      }),
    );
    const probes = [0, 1]
      .map((node) => rooms.flat().find((seat) => seat.node === node)?.socket)
      .filter((socket) => socket !== undefined);
    const settledMs = await settle(probes, label);

    // The load: each player sends at its own fixed times, whatever the acks do.
    const sent = await sendOpenLoop(rooms.flat(), {
      rate: RATE,
      warmUpMs: WARM_UP_MS,
      measureMs: MEASURE_MS,
      ackTimeoutMs: ACK_TIMEOUT_MS,
      phaseOf: (s) => ((s * 7919) % 1000) / 1000,
    });

    // Wait (boundedly) for the last broadcasts to reach everyone.
    const finds = sent.filter((g) => g.placeId !== undefined);
    await waitUntil(() =>
      finds.every(
        (g) => (arrivals.get(`${g.seat.room}:${g.placeId}`)?.size ?? 0) >= PLAYERS_PER_ROOM,
      ),
    );

    const measured = sent.filter((g) => g.measured);
    const figures: Figures = {
      label,
      settledMs,
      sent: measured.length,
      acked: measured.filter((g) => g.ackMs !== undefined).length,
      errors: {},
      finds: 0,
      ack: [],
      toEveryone: [],
      sameNode: [],
      otherNode: [],
      incomplete: 0,
      outOfOrder: heardFinds ? behind / heardFinds : 0,
    };
    for (const g of measured) {
      if (g.ackMs !== undefined) figures.ack.push(g.ackMs);
      if (g.outcome && !['found', 'taken', 'repeat', 'miss'].includes(g.outcome)) {
        figures.errors[g.outcome] = (figures.errors[g.outcome] ?? 0) + 1;
      }
      if (g.placeId === undefined) continue;
      figures.finds++;
      const heard = arrivals.get(`${g.seat.room}:${g.placeId}`) ?? new Map<Seat, number>();
      const others = rooms[g.seat.room]!.filter((s) => s !== g.seat);
      if (!others.every((s) => heard.has(s))) {
        figures.incomplete++;
        continue;
      }
      const times = others.map((s) => heard.get(s)! - g.at);
      figures.toEveryone.push(Math.max(...times));
      for (const [i, s] of others.entries()) {
        (s.node === g.seat.node ? figures.sameNode : figures.otherNode).push(times[i]!);
      }
    }
    for (const list of [figures.ack, figures.toEveryone, figures.sameNode, figures.otherNode]) {
      list.sort((a, b) => a - b);
    }
    if (cluster.unexpectedExits.length > 0) {
      throw new Error(`${label}: a node exited: ${JSON.stringify(cluster.unexpectedExits)}`);
    }
    return figures;
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

function report(all: Figures[]): void {
  const perPlayer = `${RATE}/s per player, ${SCOPES.length} rooms × ${PLAYERS_PER_ROOM} players`;
  console.log(`\nGuess → broadcast over two nodes, ${perPlayer}, ${MEASURE_MS / 1000} s measured`);
  console.log(
    'placement                    guesses   finds   ack p50   ack p99   all p50   all p99' +
      '   same-node p50/p99   other-node p50/p99   errors',
  );
  for (const f of all) {
    const errors = Object.entries(f.errors)
      .map(([code, n]) => `${code} ${n}`)
      .join(', ');
    console.log(
      `${f.label.padEnd(26)} ${String(f.sent).padStart(9)} ${String(f.finds).padStart(7)} ` +
        `${ms(f.ack, 50).padStart(9)} ${ms(f.ack, 99).padStart(9)} ` +
        `${ms(f.toEveryone, 50).padStart(9)} ${ms(f.toEveryone, 99).padStart(9)} ` +
        `${`${ms(f.sameNode, 50)} / ${ms(f.sameNode, 99)}`.padStart(19)} ` +
        `${`${ms(f.otherNode, 50)} / ${ms(f.otherNode, 99)}`.padStart(20)}   ` +
        `${errors || 'none'}${f.incomplete ? `; ${f.incomplete} finds not heard by everyone` : ''}` +
        `${f.acked < f.sent ? `; ${f.sent - f.acked} without ack` : ''}`,
    );
  }
  const [a, b] = all;
  if (a && b) {
    const ratio = (x: number[], y: number[], p: number) =>
      x.length && y.length ? (percentile(y, p) / percentile(x, p)).toFixed(2) : '-';
    console.log(
      `\n(b) ÷ (a): ack p50 ${ratio(a.ack, b.ack, 50)}×, p99 ${ratio(a.ack, b.ack, 99)}×; ` +
        `to everyone p50 ${ratio(a.toEveryone, b.toEveryone, 50)}×, p99 ${ratio(a.toEveryone, b.toEveryone, 99)}×`,
    );
  }
  console.log('Times in ms, send → ack and send → place:found at every other player of the room.');
  console.log(
    `place:found arriving after a later seq of its room: ${all
      .map((f) => `${(f.outOfOrder * 100).toFixed(2)}% in ${f.label.slice(0, 3)}`)
      .join(', ')}.`,
  );
  console.log(
    `The load started once the nodes had loaded their countries' names: after ${all
      .map((f) => `${(f.settledMs / 1000).toFixed(1)} s in ${f.label.slice(0, 3)}`)
      .join(', ')}.`,
  );
}

async function main(): Promise<void> {
  if (!databaseUrl || !redisUrl) {
    console.error('bench:adapter needs DATABASE_URL (with the gazetteer imported) and REDIS_URL');
    process.exit(2);
  }
  const limit = setTimeout(() => {
    console.error(`bench:adapter did not finish within ${TIME_LIMIT_MS / 1000} s`);
    process.exit(1);
  }, TIME_LIMIT_MS);
  limit.unref();

  const db = await openPostgresDatabase(databaseUrl);
  const perPlayer = Math.ceil((RATE * (WARM_UP_MS + MEASURE_MS)) / 1000) + 1;
  const mixes = await Promise.all(
    SCOPES.map(async (scope, r) =>
      (
        await buildGuessMix(db, {
          count: perPlayer * PLAYERS_PER_ROOM,
          scopes: [scope],
          seed: 100 + r,
        })
      ).map((g) => g.text),
    ),
  );
  await db.close();

  const figures: Figures[] = [];
  figures.push(await run('(a) all on node A', () => 0, mixes));
  console.error('measured (a)');
  figures.push(await run('(b) spread over A and B', (r, p) => (r + p) % 2, mixes));
  console.error('measured (b)');
  report(figures);
}

await main();
process.exit(0);
