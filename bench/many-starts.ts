/**
 * `npm run bench:starts -- [options]`: issue 16's target for games that
 * start together — "250 rooms starting games at once in 60 different
 * countries and continents: event-loop lag p99 ≤ 20 ms, no ack over 50 ms".
 *
 * Starts one game server (as `npm start` runs it, per-IP limits raised) on a
 * free loopback port, on each of --databases in turn, and seats a host and
 * one more player in each of --rooms race rooms, the rooms' quizzes spread
 * over --scopes scopes: the world, every continent, the most populous
 * countries. Once they have sat idle, every host sends `game:start` in the
 * same tick; each player, as its room's `playing` state arrives, names the
 * biggest (the host) or second-biggest place (the other) of its scope: the
 * first guess in a scope is where a cold index used to stall. The server's
 * event-loop lag is read from its /metrics every 250 ms, from 2 s before the
 * starts to 5 s after. Then the hosts end their games and go back to the
 * lobby (`game:end`, `room:rematch`), and the burst is repeated (--runs):
 * the machine is shared, so one burst proves little. Only the first burst of
 * a server meets its scopes cold.
 *
 * With --baseline, the same bursts then go to the bare socket.io baseline
 * (loadtest/baseline-server.ts: the game's events, acks and broadcasts, no
 * game logic), which shows how much of a burst's lag and acks socket.io
 * itself costs on this machine: the floor under any game server built on it.
 *
 * Exit codes: 0 when every burst ran (whatever it measured), 1 when one
 * could not (a server did not start, players could not be seated, the time
 * bound passed), 2 for a bad command line.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import type { Queryable } from '../db/database.js';
import { openDatabase } from '../db/open-database.js';
import { Player, type Room } from '../loadtest/player.js';
import {
  GeneratorStats,
  machineCpu,
  metricSeries,
  procCpuSeconds,
  type MachineCpu,
} from '../loadtest/process-stats.js';
import {
  GAME_READY_TIMEOUT_MS,
  runWithServers,
  startBaselineServer,
  startGameServer,
  stopChildren,
  type ServerProcess,
} from '../loadtest/server-process.js';
import type { RoomState } from '../protocol/types.js';
import { percentile } from './stats.js';

const USAGE = `npm run bench:starts -- [options]

  --databases LIST  pglite, postgres or both (pglite,postgres); default postgres
                    when DATABASE_URL is set, else pglite
  --data-dir DIR    PGlite's imported data (default $DATA_DIR or ./data)
  --rooms N         rooms starting at once, two players each (default 250)
  --scopes N        distinct quiz scopes they play (default 60)
  --runs N          start bursts per database (default 3)
  --idle SECONDS    how long the seated players sit idle before each burst (default 3)
  --baseline        then the same bursts against bare socket.io (loadtest/baseline-server.ts),
                    the transport's own floor on this machine`;

/** Issue 16's targets. */
const TARGET_LAG_P99_MS = 20;
const TARGET_ACK_MS = 50;

const SAMPLE_EVERY_MS = 250;
const SAMPLE_BEFORE_MS = 2000;
const SAMPLE_AFTER_MS = 5000;
/** Past this an ack counts as lost: it is a failure, not a figure. */
const ACK_TIMEOUT_MS = 20_000;
/** Rooms seated at the same time: a whole swarm connecting at once is not what is measured. */
const SEATING_CONCURRENCY = 20;
/** 250 finished games are saved together; each is given four tries over about 5 s. */
const END_TIMEOUT_MS = 60_000;

type DatabaseKind = 'pglite' | 'postgres';
const DATABASE_NAMES: Record<DatabaseKind, string> = {
  pglite: 'PGlite',
  postgres: 'PostgreSQL',
};

class UsageError extends Error {}

interface Options {
  databases: DatabaseKind[];
  dataDir: string;
  databaseUrl: string | undefined;
  rooms: number;
  scopes: number;
  runs: number;
  idleMs: number;
  baseline: boolean;
}

function positiveInteger(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} takes a positive integer`);
  return n;
}

function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      databases: { type: 'string' },
      'data-dir': { type: 'string' },
      rooms: { type: 'string' },
      scopes: { type: 'string' },
      runs: { type: 'string' },
      idle: { type: 'string' },
      baseline: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return undefined;
  const databaseUrl = env.DATABASE_URL || undefined;
  const databases = (values.databases ?? (databaseUrl ? 'postgres' : 'pglite'))
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  for (const d of databases)
    if (d !== 'pglite' && d !== 'postgres') throw new UsageError(`unknown database: ${d}`);
  if (databases.includes('postgres') && !databaseUrl)
    throw new UsageError('--databases postgres needs DATABASE_URL');
  const idle = Number(values.idle ?? 3);
  if (!Number.isFinite(idle) || idle < 0) throw new UsageError('--idle takes seconds');
  return {
    databases: [...new Set(databases)] as DatabaseKind[],
    dataDir: values['data-dir'] ?? env.DATA_DIR ?? './data',
    databaseUrl,
    rooms: positiveInteger(values.rooms, 'rooms', 250),
    scopes: positiveInteger(values.scopes, 'scopes', 60),
    runs: positiveInteger(values.runs, 'runs', 3),
    idleMs: idle * 1000,
    baseline: values.baseline ?? false,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A quiz scope and the two names its players open with. */
interface QuizScope {
  id: string;
  /** The scope's biggest place and its second biggest: two finds, not a find and a "taken". */
  names: [string, string];
}

/**
 * The world, every continent, then the most populous countries, up to
 * `count`, each with the names of its two biggest places. Read before the
 * server starts: PGlite serves one process.
 */
async function chooseScopes(db: Queryable, count: number): Promise<QuizScope[]> {
  const countries = await db.query<{ code: string; continent: string }>(
    'SELECT code, continent FROM countries WHERE places >= 2 ORDER BY population DESC, code',
  );
  const continents = [...new Set(countries.map((c) => c.continent))].sort();
  const members = new Map<string, string[]>([['world', countries.map((c) => c.code)]]);
  for (const continent of continents)
    members.set(
      continent,
      countries.filter((c) => c.continent === continent).map((c) => c.code),
    );
  for (const country of countries) members.set(country.code, [country.code]);
  const ids = [...members.keys()].slice(0, count);
  if (ids.length < count)
    throw new Error(`the gazetteer has ${ids.length} scopes with two places or more, not ${count}`);

  const scopes: QuizScope[] = [];
  for (const id of ids) {
    const places = await db.query<{ name: string }>(
      'SELECT name FROM places WHERE country = ANY($1::text[]) ORDER BY population DESC, id LIMIT 10',
      [members.get(id)],
    );
    // Two names that are not the same word, or the second would only be "taken".
    const names = [...new Map(places.map((p) => [p.name.toLowerCase(), p.name])).values()];
    if (names.length < 2) throw new Error(`scope ${id}: fewer than two distinct place names`);
    scopes.push({ id, names: [names[0]!, names[1]!] });
  }
  return scopes;
}

/** A room of the swarm: its host, the other player, and what each names first. */
interface SeatedRoom {
  room: Room;
  host: Player;
  guest: Player;
  openers: [string, string];
}

/** Counts what should not happen while a swarm is seated: a dropped connection. */
const disconnects: string[] = [];
const playerEvents = {
  found: () => {},
  disconnected: (player: Player, reason: string) =>
    disconnects.push(`${player.nickname}: ${reason}`),
  reconnected: () => {},
};

async function seatRooms(url: string, scopes: QuizScope[], count: number): Promise<SeatedRoom[]> {
  const rooms = Array.from({ length: count }, (_, i): SeatedRoom => {
    const scope = scopes[i % scopes.length]!;
    const room: Room = {
      index: i,
      scope: scope.id,
      pool: scope.names,
      players: [],
      inFlight: 0,
      betweenGames: false,
    };
    const host = new Player(2 * i, room, url, 'websocket', playerEvents);
    const guest = new Player(2 * i + 1, room, url, 'websocket', playerEvents);
    room.players.push(host, guest);
    return { room, host, guest, openers: scope.names };
  });
  let next = 0;
  const seatNext = async () => {
    while (next < rooms.length) {
      const { room, host, guest } = rooms[next++]!;
      await host.connect();
      room.code = await host.create({ scope: room.scope, maxPlayers: 2 });
      await guest.connect();
      await guest.join(room.code);
    }
  };
  await Promise.all(Array.from({ length: SEATING_CONCURRENCY }, seatNext));
  return rooms;
}

/** Resolves when `player`'s room state first satisfies `accept`, with the time it arrived. */
function nextState(
  player: Player,
  accept: (state: RoomState) => boolean,
  timeoutMs: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      player.socket.off('room:state', listener);
      reject(new Error(`${player.nickname}: no matching room:state within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (state: RoomState) => {
      if (!accept(state)) return;
      clearTimeout(timer);
      player.socket.off('room:state', listener);
      resolve(performance.now());
    };
    player.socket.on('room:state', listener);
  });
}

/** An ack's latency, and its result: the guess's kind, `ok`, an error code, or `lost`. */
interface TimedAck {
  ms: number;
  result: string;
}

type AnyAck = { ok: true; result?: { kind: string } } | { ok: false; error: { code: string } };

async function timedAck(sending: () => Promise<AnyAck>): Promise<TimedAck> {
  const sent = performance.now();
  try {
    const ack = await sending();
    const ms = performance.now() - sent;
    return { ms, result: ack.ok ? (ack.result?.kind ?? 'ok') : ack.error.code };
  } catch {
    return { ms: performance.now() - sent, result: 'lost' };
  }
}

/** What the server's /metrics says of its event loop; each scrape resets prom-client's histogram. */
interface LagSample {
  p99Ms: number;
  maxMs: number;
}

async function scrapeLag(url: string): Promise<LagSample | undefined> {
  const text = await fetch(`${url}/metrics`, {
    headers: process.env.METRICS_TOKEN
      ? { authorization: `Bearer ${process.env.METRICS_TOKEN}` }
      : {},
    signal: AbortSignal.timeout(5000),
  })
    .then((r) => (r.ok ? r.text() : undefined))
    .catch(() => undefined);
  if (text === undefined) return undefined;
  const p99 = metricSeries(text, 'nodejs_eventloop_lag_p99_seconds');
  const max = metricSeries(text, 'nodejs_eventloop_lag_max_seconds');
  if (p99.length === 0 || max.length === 0) return undefined;
  return { p99Ms: Math.max(...p99) * 1000, maxMs: Math.max(...max) * 1000 };
}

/** Scrapes every 250 ms until stopped, one scrape at a time; the first only resets the histogram. */
function sampleLag(url: string): { stop(): Promise<LagSample[]> } {
  const samples: LagSample[] = [];
  let running = true;
  const loop = (async () => {
    await scrapeLag(url);
    while (running) {
      const due = performance.now() + SAMPLE_EVERY_MS;
      await sleep(SAMPLE_EVERY_MS);
      // A scrape answered late still covers the whole interval since the last one.
      const sample = await scrapeLag(url);
      if (sample) samples.push(sample);
      await sleep(Math.max(0, due - performance.now()));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return samples;
    },
  };
}

interface CpuReading {
  at: number;
  server: number;
  bench: NodeJS.CpuUsage;
  machine: MachineCpu | undefined;
}

async function readCpu(pid: number): Promise<CpuReading> {
  return {
    at: performance.now(),
    server: await procCpuSeconds(pid),
    bench: process.cpuUsage(),
    machine: await machineCpu(),
  };
}

/** CPU between two readings in % of one core: the server, this bench, and the rest of the machine. */
function cpuBetween(from: CpuReading, to: CpuReading) {
  const seconds = (to.at - from.at) / 1000;
  const server = ((to.server - from.server) / seconds) * 100;
  const bench =
    ((to.bench.user - from.bench.user + to.bench.system - from.bench.system) / 1e6 / seconds) * 100;
  const machine =
    from.machine && to.machine
      ? ((to.machine.busySeconds - from.machine.busySeconds) / seconds) * 100
      : undefined;
  return {
    server,
    bench,
    other: machine === undefined ? undefined : Math.max(0, machine - server - bench),
  };
}

interface BurstReport {
  startAcks: TimedAck[];
  /** Per player, ms from the burst to its room's `playing` state (NaN: never came). */
  started: number[];
  guesses: TimedAck[];
  lag: LagSample[];
  serverCpu: number;
  benchCpu: number;
  otherCpu: number | undefined;
  /** This process's own event-loop delay p99: a bench that falls behind adds latency of its own. */
  benchLagP99Ms: number;
}

/** One burst: every host starts at once, every player opens with its name. */
async function startBurst(
  server: ServerProcess,
  rooms: SeatedRoom[],
  generator: GeneratorStats,
): Promise<BurstReport> {
  const openers = rooms.flatMap((r) => [
    [r.host, r.openers[0]] as const,
    [r.guest, r.openers[1]] as const,
  ]);
  const sampler = sampleLag(server.url);
  const cpuBefore = await readCpu(server.pid);
  generator.reset();
  await sleep(SAMPLE_BEFORE_MS);

  const burstAt = performance.now();
  // Listening before the first start is sent: a room's state may come back within the same tick.
  const openings = openers.map(async ([player, text]) => {
    const playing = await nextState(player, (s) => s.phase === 'playing', ACK_TIMEOUT_MS).catch(
      () => undefined,
    );
    if (playing === undefined) return { started: NaN, guess: undefined };
    const guess = await timedAck(() =>
      player.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('guess', { text }),
    );
    return { started: playing - burstAt, guess };
  });
  const startAcks = await Promise.all(
    rooms.map((room) =>
      timedAck(() => room.host.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('game:start', {})),
    ),
  );
  const opened = await Promise.all(openings);

  await sleep(Math.max(0, burstAt + SAMPLE_AFTER_MS - performance.now()));
  const lag = await sampler.stop();
  const cpu = cpuBetween(cpuBefore, await readCpu(server.pid));
  const own = generator.read();
  return {
    startAcks,
    started: opened.map((o) => o.started),
    guesses: opened.flatMap((o) => (o.guess ? [o.guess] : [])),
    lag,
    serverCpu: cpu.server,
    benchCpu: cpu.bench,
    otherCpu: cpu.other,
    benchLagP99Ms: own.lagP99Ms,
  };
}

/** Ends every game and goes back to the lobby, waiting until every player has seen both. */
async function backToLobby(rooms: SeatedRoom[]): Promise<void> {
  const players = rooms.flatMap((room) => [room.host, room.guest]);
  const ended = players.map(
    (player) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${player.nickname}: no game:ended within ${END_TIMEOUT_MS} ms`)),
          END_TIMEOUT_MS,
        );
        player.socket.once('game:ended', () => {
          clearTimeout(timer);
          resolve();
        });
      }),
  );
  await Promise.all(rooms.map((room) => room.host.host('game:end')));
  await Promise.all(ended);
  const inLobby = players.map((p) => nextState(p, (s) => s.phase === 'lobby', END_TIMEOUT_MS));
  await Promise.all(rooms.map((room) => room.host.host('room:rematch')));
  await Promise.all(inLobby);
}

/** The figures of one burst, in ms (CPU in % of one core). */
interface BurstFigures {
  startP50: number;
  startP95: number;
  startP99: number;
  startMax: number;
  allStarted: number;
  guessP50: number;
  guessP99: number;
  guessMax: number;
  lagP99: number;
  lagMax: number;
  serverCpu: number;
  benchCpu: number;
  otherCpu: number;
  benchLagP99: number;
  /** Acks that did not come, or came with an error; players who never saw their game start. */
  failures: number;
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

function figuresOf(burst: BurstReport): BurstFigures {
  const starts = sorted(burst.startAcks.map((a) => a.ms));
  const guesses = sorted(burst.guesses.map((a) => a.ms));
  const isGuessResult = (r: string) => ['found', 'taken', 'repeat', 'miss'].includes(r);
  const failures =
    burst.startAcks.filter((a) => a.result !== 'ok').length +
    burst.guesses.filter((a) => !isGuessResult(a.result)).length +
    burst.started.filter((ms) => Number.isNaN(ms)).length;
  return {
    startP50: percentile(starts, 50),
    startP95: percentile(starts, 95),
    startP99: percentile(starts, 99),
    startMax: starts.at(-1) ?? NaN,
    allStarted: burst.started.some(Number.isNaN) ? NaN : Math.max(...burst.started),
    guessP50: percentile(guesses, 50),
    guessP99: percentile(guesses, 99),
    guessMax: guesses.at(-1) ?? NaN,
    // The worst 250 ms interval's p99: an overall p99 cannot be put together from the intervals'.
    lagP99: burst.lag.length > 0 ? Math.max(...burst.lag.map((s) => s.p99Ms)) : NaN,
    lagMax: burst.lag.length > 0 ? Math.max(...burst.lag.map((s) => s.maxMs)) : NaN,
    serverCpu: burst.serverCpu,
    benchCpu: burst.benchCpu,
    otherCpu: burst.otherCpu ?? NaN,
    benchLagP99: burst.benchLagP99Ms,
    failures,
  };
}

/** Each figure's median over the bursts. */
function medianFigures(runs: BurstFigures[]): BurstFigures {
  const keys = Object.keys(runs[0]!) as (keyof BurstFigures)[];
  return Object.fromEntries(
    keys.map((k) => [k, percentile(sorted(runs.map((r) => r[k])), 50)]),
  ) as unknown as BurstFigures;
}

function verdict(f: BurstFigures): string {
  const misses = [
    ...(f.lagP99 > TARGET_LAG_P99_MS || Number.isNaN(f.lagP99) ? ['lag p99'] : []),
    ...(f.startMax > TARGET_ACK_MS || f.guessMax > TARGET_ACK_MS ? ['ack max'] : []),
    ...(f.failures > 0 ? [`${f.failures} failed`] : []),
  ];
  return misses.length === 0 ? 'hold' : `fail (${misses.join(', ')})`;
}

const ms = (n: number) => (Number.isNaN(n) ? '–' : n < 10 ? n.toFixed(1) : n.toFixed(0));
const pct = (n: number) => (Number.isNaN(n) ? '–' : `${n.toFixed(0)}%`);

const COLUMNS: [string, number][] = [
  ['run', 7],
  ['start ack p50/p95/p99/max', 26],
  ['all started', 12],
  ['guess ack p50/p99/max', 22],
  ['lag p99/max', 12],
  ['server CPU', 11],
  ['bench CPU', 10],
  ['other CPU', 10],
  ['bench lag', 10],
  ['targets', 0],
];

function row(label: string, f: BurstFigures): string {
  const cells = [
    label,
    [f.startP50, f.startP95, f.startP99, f.startMax].map(ms).join('/'),
    ms(f.allStarted),
    [f.guessP50, f.guessP99, f.guessMax].map(ms).join('/'),
    [f.lagP99, f.lagMax].map(ms).join('/'),
    pct(f.serverCpu),
    pct(f.benchCpu),
    pct(f.otherCpu),
    ms(f.benchLagP99),
    verdict(f),
  ];
  return '  ' + cells.map((c, i) => c.padEnd(COLUMNS[i]![1])).join(' ');
}

const header = () => '  ' + COLUMNS.map(([name, width]) => name.padEnd(width)).join(' ');

/** The guesses' results over every burst, e.g. "found 1480, taken 20". */
function resultCounts(bursts: BurstReport[]): string {
  const counts = new Map<string, number>();
  for (const a of bursts.flatMap((b) => b.guesses))
    counts.set(a.result, (counts.get(a.result) ?? 0) + 1);
  return [...counts].map(([result, n]) => `${result} ${n}`).join(', ');
}

/** A server the bursts are sent to: the game on one database, or bare socket.io. */
interface Target {
  label: string;
  start(): Promise<ServerProcess>;
}

/** Where `kind`'s data is: PostgreSQL's URL, or PGlite's directory alone. */
function dataOf(kind: DatabaseKind, options: Options) {
  return {
    dataDir: options.dataDir,
    databaseUrl: kind === 'postgres' ? options.databaseUrl : undefined,
  };
}

function gameTarget(kind: DatabaseKind, options: Options): Target {
  return {
    label: DATABASE_NAMES[kind],
    start: () => startGameServer(`game server on ${DATABASE_NAMES[kind]}`, dataOf(kind, options)),
  };
}

/** Without BASELINE_PLACES, every new text it is sent is a place: each opener is a find, as in the game. */
const BASELINE_TARGET: Target = { label: 'bare socket.io', start: () => startBaselineServer() };

/** The scopes and openers, read from the first database before any server holds it. */
async function readScopes(options: Options): Promise<QuizScope[]> {
  const db = await openDatabase(dataOf(options.databases[0]!, options));
  return chooseScopes(db, options.scopes).finally(() => db.close());
}

async function benchServer(
  target: Target,
  scopes: QuizScope[],
  options: Options,
  generator: GeneratorStats,
): Promise<BurstFigures> {
  disconnects.length = 0;
  const starting = performance.now();
  const server = await target.start();
  try {
    const ready = (performance.now() - starting) / 1000;
    const seating = performance.now();
    const rooms = await seatRooms(server.url, scopes, options.rooms);
    console.log(
      `${target.label}: server ready in ${ready.toFixed(1)} s; ` +
        `${rooms.length * 2} players seated in ${((performance.now() - seating) / 1000).toFixed(1)} s`,
    );
    console.log(header());
    const bursts: BurstReport[] = [];
    const figures: BurstFigures[] = [];
    for (let run = 1; run <= options.runs; run++) {
      if (run > 1) await backToLobby(rooms);
      await sleep(options.idleMs);
      const burst = await startBurst(server, rooms, generator);
      bursts.push(burst);
      figures.push(figuresOf(burst));
      console.log(row(run === 1 ? '1 cold' : String(run), figures.at(-1)!));
    }
    const median = medianFigures(figures);
    console.log(row('median', median));
    console.log(`  first guesses: ${resultCounts(bursts)}`);
    if (disconnects.length > 0)
      console.log(
        `  ${disconnects.length} disconnects, e.g. ${disconnects.slice(0, 3).join('; ')}`,
      );
    console.log('');
    for (const room of rooms) for (const player of [room.host, room.guest]) player.close();
    return median;
  } finally {
    await server.stop();
  }
}

async function main(): Promise<number> {
  let options: Options | undefined;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE')))
      throw err;
    console.error(`bench:starts: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (!options) {
    console.log(USAGE);
    return 0;
  }

  // Server start, seating, and per burst the idle wait, the window and going back to the lobby.
  const boundSeconds =
    (options.databases.length + (options.baseline ? 1 : 0)) *
    (GAME_READY_TIMEOUT_MS / 1000 +
      120 +
      options.runs * (options.idleMs / 1000 + (END_TIMEOUT_MS * 2) / 1000 + 30));
  const watchdog = setTimeout(() => {
    console.error(`bench:starts: stopped after ${boundSeconds} s, its time bound`);
    void stopChildren().finally(() => process.exit(1));
  }, boundSeconds * 1000);
  watchdog.unref();

  console.log(
    `placerace many starts: ${options.rooms} race rooms of 2 players over ${options.scopes} scopes ` +
      `(the world, every continent, the most populous countries) start at once, ${options.runs} times ` +
      `per server; ${cpus().length} cores here\n`,
  );
  const scopes = await readScopes(options);
  const targets = [
    ...options.databases.map((kind) => gameTarget(kind, options)),
    ...(options.baseline ? [BASELINE_TARGET] : []),
  ];
  const generator = new GeneratorStats();
  const medians: [string, BurstFigures][] = [];
  for (const target of targets)
    medians.push([target.label, await benchServer(target, scopes, options, generator)]);
  generator.stop();

  console.log(
    `Median of ${options.runs} bursts, against issue 16's targets (lag p99 ≤ ${TARGET_LAG_P99_MS} ms, ` +
      `no ack over ${TARGET_ACK_MS} ms):`,
  );
  for (const [label, f] of medians)
    console.log(
      `  ${label.padEnd(15)} start ack p99 ${ms(f.startP99)} ms, max ${ms(f.startMax)}; ` +
        `first guess ack p99 ${ms(f.guessP99)} ms, max ${ms(f.guessMax)}; ` +
        `lag p99 ${ms(f.lagP99)} ms, max ${ms(f.lagMax)}; server CPU ${pct(f.serverCpu)}: ${verdict(f)}`,
    );
  console.log(
    '\nms throughout. start ack: game:start sent → ack; all started: the burst → the last player ' +
      "seeing its room's playing state; guess ack: the first guess sent → ack. lag: the server's " +
      'event-loop delay from /metrics (10 ms sampling, so an idle loop reads about 10 ms), p99 being ' +
      "the worst 250 ms interval's, from 2 s before the burst to 5 s after. CPU in % of one core over " +
      "that window; other CPU: the rest of the machine; bench lag: this process's own event-loop " +
      "p99, latency that is not the server's. Run 1 meets its scopes cold; later runs are rematches.",
  );
  return 0;
}

runWithServers('bench:starts', main);
