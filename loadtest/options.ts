/**
 * The load test's command line: parsed with node:util's parseArgs, checked,
 * and clamped to bounds a single machine can honour. Every limit is here so
 * that a typo cannot open 10^6 sockets or run for a day.
 */
import { parseArgs } from 'node:util';

/** The game server's database: the embedded default, or PostgreSQL at the database URL. */
export type Database = 'pglite' | 'postgres';

/** Which transport the swarm's sockets use (socket.io-client's `transports`). */
export type Transport = 'websocket' | 'polling' | 'upgrade';

export interface LoadTestOptions {
  /** Running servers to drive; empty: the tool starts its own on loopback ports. */
  urls: string[];
  /** PIDs of the running servers (with `urls`), for CPU and RSS from /proc. */
  pids: number[];
  /** Total players; rooms = ceil(players / roomSize), the last one possibly smaller. */
  players: number;
  roomSize: number;
  /** Total guesses a second offered (0: idle connections only). */
  rate: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** How often a fixed-rate run records a sample (RSS, CPU, lag, latencies) for soaks. */
  sampleSeconds: number;
  /** Each room ends its game and starts a new one this often; 0: one game for the whole run. */
  gameSeconds: number;
  /** Each player sends a chat message this often on average while guessing; 0: no chat. */
  chatSeconds: number;
  /** Scope → weight; each room draws its quiz from this mix. */
  scopes: { scope: string; weight: number }[];
  transport: Transport;
  /** Also drive the bare socket.io baseline, after the game server, and compare. */
  baseline: boolean;
  /** Drive only the baseline (for checking the tool and the machine). */
  baselineOnly: boolean;
  ladder: boolean;
  /** Total rates of the ladder's steps, ascending. */
  ladderRates: number[];
  /** The ladder stops after this many failing steps in a row (coarse, then refined). */
  ladderFailures: number;
  /**
   * Refined ladder steps, as a fraction of the highest coarse rate that held,
   * probed up to the first coarse rate that failed; 0: no refinement.
   */
  refineFraction: number;
  /** Criteria a ladder step must meet to hold. */
  holdBroadcastP95Ms: number;
  holdBroadcastP99Ms: number;
  /** Guesses drawn per scope from the gazetteer; players sample from them. */
  poolSize: number;
  missRate: number;
  seed: number;
  json: string | undefined;
  /** DATA_DIR of the embedded database (the spawned game server's and the guess mix's). */
  dataDir: string;
  /** Whether --data-dir was given (with --url: a database copy no server is using). */
  dataDirGiven: boolean;
  databaseUrl: string | undefined;
  /**
   * The databases the game server runs on, one after the other in one run
   * (default: PostgreSQL when a database URL is set, else PGlite).
   */
  databases: Database[];
  /** `--databases all` without a database URL: PostgreSQL was left out (the run says so). */
  postgresSkipped: boolean;
  /** Rooms (and so sockets) connected at once while setting up. */
  connectConcurrency: number;
  quiet: boolean;
}

/** Hard bounds: one load process on one machine. */
export const LIMITS = {
  players: 10_000,
  roomSize: 50,
  rate: 20_000,
  durationSeconds: 3_600,
  warmupSeconds: 600,
  ladderSteps: 20,
  poolSize: 200_000,
  /**
   * The server lets a socket send a burst of 20 guesses, then 10 a second;
   * staying below 8 keeps an open-loop schedule clear of `rate_limited`.
   */
  perPlayerRate: 8,
} as const;

export const DEFAULT_LADDER = [250, 500, 1000, 1500, 2000, 3000, 4000, 5000, 6000];
export const DEFAULT_SCOPES = 'DE:2,US:2,FR:1,GB:1,IN:1,BR:1,JP:1,europe:1,world:1';

export const USAGE = `npm run loadtest -- [options]

Plays real games over protocol v1 with a socket.io-client swarm and measures
ack and broadcast latency, throughput, errors and the server's CPU and memory.
By default it starts the game server (and with --baseline the bare socket.io
baseline) itself on free loopback ports.

  --url URL               drive a running server instead (repeatable or a comma list;
                          players are spread over them); CPU/RSS from --pid or /metrics
  --pid PID               the running server's process (repeatable), for /proc readings
  --players N             players in all (alias --players-total; default 80)
  --room-size P           players per room (default 8; 1-50)
  --rooms R               rooms; with --room-size gives the players
  --rate R                guesses a second in all (default 100; 0 = idle connections)
  --rate-per-player X     or a rate per player (below 8: the server allows 10/s)
  --warmup S              seconds before measuring (default 5)
  --duration S            seconds measured (default 20; a soak: --duration 600)
  --sample-every S        seconds per sample of RSS, CPU, lag and latency (default 5)
  --game-seconds S        each room ends its game and starts the next every S seconds
                          (default 0: one untimed game for the whole run)
  --chat-seconds S        while guessing, each player also sends a chat message every
                          S seconds on average, and hears the room's (default 0: none)
  --scopes LIST           quiz mix, scope:weight,... (default ${DEFAULT_SCOPES})
  --transport T           websocket (default), polling, or upgrade (polling first)
  --baseline              also drive the bare socket.io baseline; report both and the ratio
  --baseline-only         drive only the baseline
  --ladder                raise the rate step by step; report the highest that holds
  --ladder-rates LIST     the steps (default ${DEFAULT_LADDER.join(',')})
  --ladder-failures N     stop after N failing steps in a row (default 1), coarse and refined
  --refine F              then probe between the highest rate that held and the first that
                          failed in steps of F × that rate (default 0.1; 0 = off)
  --hold-p95 MS           broadcast p95 a step must stay within (default 10)
  --hold-p99 MS           broadcast p99 a step must stay within (default 50)
  --pool N                guesses drawn per scope from the gazetteer (default 20000)
  --miss-rate F           share of guesses meant to miss (default 0.2)
  --seed N                seed of every random choice (default 1)
  --data-dir DIR          DATA_DIR of the embedded database (default $DATA_DIR or ./data)
  --database-url URL      PostgreSQL instead (default $DATABASE_URL)
  --databases LIST        run the game server on each in turn: pglite, postgres, or all
                          (PGlite, and PostgreSQL when a database URL is set); the baseline
                          runs once (default: postgres with a database URL, else pglite)
  --connect-concurrency N rooms set up at once (default 25)
  --json FILE             write the full report as JSON
  --quiet                 no progress line
  --help`;

export class UsageError extends Error {}

function positiveNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new UsageError(`--${name} wants a number ≥ 0, not ${value}`);
  return n;
}

function integer(name: string, value: string | undefined, fallback: number, min = 1): number {
  const n = positiveNumber(name, value, fallback);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} wants a whole number ≥ ${min}, not ${value}`);
  return n;
}

function capped(name: string, n: number, max: number): number {
  if (n > max) throw new UsageError(`--${name} is at most ${max} (got ${n})`);
  return n;
}

/** `a,b` and repeated flags both give lists. */
const list = (values: string[] | undefined): string[] =>
  (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

export function parseScopes(text: string): { scope: string; weight: number }[] {
  const scopes = list([text]).map((item) => {
    const [scope, weightText] = item.split(':');
    const weight = weightText === undefined ? 1 : Number(weightText);
    if (!scope || !/^[A-Za-z-]{2,40}$/.test(scope) || !(weight > 0))
      throw new UsageError(`--scopes: "${item}" is not scope[:weight]`);
    return { scope, weight };
  });
  if (scopes.length === 0) throw new UsageError('--scopes is empty');
  return scopes;
}

/** Only http(s) URLs given explicitly; the tool never looks for servers on its own. */
function checkUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--url: not a URL: ${text}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--url: http or https only: ${text}`);
  return url.origin;
}

/** `pglite,postgres` or `all`; without the option, the database the server would use on its own. */
export function parseDatabases(
  text: string | undefined,
  databaseUrl: string | undefined,
): { databases: Database[]; postgresSkipped: boolean } {
  if (text === undefined)
    return { databases: [databaseUrl ? 'postgres' : 'pglite'], postgresSkipped: false };
  const names = list([text]);
  if (names.length === 1 && names[0] === 'all')
    return databaseUrl
      ? { databases: ['pglite', 'postgres'], postgresSkipped: false }
      : { databases: ['pglite'], postgresSkipped: true };
  if (names.length === 0) throw new UsageError('--databases is empty');
  for (const name of names)
    if (name !== 'pglite' && name !== 'postgres')
      throw new UsageError(`--databases: pglite, postgres or all, not ${name}`);
  if (new Set(names).size !== names.length)
    throw new UsageError('--databases names a database twice');
  if (names.includes('postgres') && !databaseUrl)
    throw new UsageError('--databases postgres needs DATABASE_URL or --database-url');
  return { databases: names as Database[], postgresSkipped: false };
}

function gameSeconds(text: string | undefined): number {
  const seconds = positiveNumber('game-seconds', text, 0);
  if (seconds !== 0 && seconds < 5) throw new UsageError('--game-seconds is 0 or at least 5');
  return seconds;
}

function chatSeconds(text: string | undefined): number {
  const seconds = positiveNumber('chat-seconds', text, 0);
  // The server takes a player's messages at one per 2 s after a burst (protocol/chat.ts).
  if (seconds !== 0 && seconds < 2) throw new UsageError('--chat-seconds is 0 or at least 2');
  return seconds;
}

/** Returns the options, or undefined when --help was asked for. */
export function parseOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): LoadTestOptions | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string', multiple: true },
        pid: { type: 'string', multiple: true },
        players: { type: 'string' },
        'players-total': { type: 'string' },
        'room-size': { type: 'string' },
        rooms: { type: 'string' },
        rate: { type: 'string' },
        'rate-per-player': { type: 'string' },
        warmup: { type: 'string' },
        duration: { type: 'string' },
        'sample-every': { type: 'string' },
        'game-seconds': { type: 'string' },
        'chat-seconds': { type: 'string' },
        scopes: { type: 'string' },
        transport: { type: 'string' },
        baseline: { type: 'boolean' },
        'baseline-only': { type: 'boolean' },
        ladder: { type: 'boolean' },
        'ladder-rates': { type: 'string' },
        'ladder-failures': { type: 'string' },
        refine: { type: 'string' },
        databases: { type: 'string' },
        'hold-p95': { type: 'string' },
        'hold-p99': { type: 'string' },
        pool: { type: 'string' },
        'miss-rate': { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'string' },
        'data-dir': { type: 'string' },
        'database-url': { type: 'string' },
        'connect-concurrency': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  if (v.help) return undefined;

  const roomSize = capped('room-size', integer('room-size', v['room-size'], 8), LIMITS.roomSize);
  if (v.players !== undefined && v['players-total'] !== undefined)
    throw new UsageError('--players and --players-total are the same option; give one');
  const playersText = v.players ?? v['players-total'];
  let players: number;
  if (v.rooms !== undefined) {
    if (playersText !== undefined) throw new UsageError('give --rooms or --players, not both');
    players = integer('rooms', v.rooms, 1) * roomSize;
  } else {
    players = integer('players', playersText, 80);
  }
  capped('players', players, LIMITS.players);

  if (v.rate !== undefined && v['rate-per-player'] !== undefined)
    throw new UsageError('give --rate or --rate-per-player, not both');
  const rate =
    v['rate-per-player'] !== undefined
      ? positiveNumber('rate-per-player', v['rate-per-player'], 0) * players
      : positiveNumber('rate', v.rate, 100);
  capped('rate', rate, LIMITS.rate);

  const ladder = v.ladder ?? false;
  const ladderRates = v['ladder-rates']
    ? list([v['ladder-rates']]).map((r) => positiveNumber('ladder-rates', r, 0))
    : DEFAULT_LADDER;
  if (ladderRates.length === 0 || ladderRates.length > LIMITS.ladderSteps)
    throw new UsageError(`--ladder-rates: 1 to ${LIMITS.ladderSteps} steps`);
  for (const r of ladderRates) capped('ladder-rates', r, LIMITS.rate);
  const sortedRates = [...ladderRates].sort((a, b) => a - b);

  const highest = ladder ? sortedRates[sortedRates.length - 1]! : rate;
  if (highest / players > LIMITS.perPlayerRate)
    throw new UsageError(
      `${highest} guesses/s over ${players} players is ${(highest / players).toFixed(1)}/s each; ` +
        `the server allows 10/s per socket: keep it under ${LIMITS.perPlayerRate} (add players)`,
    );

  const transport = (v.transport ?? 'websocket') as Transport;
  if (!['websocket', 'polling', 'upgrade'].includes(transport))
    throw new UsageError('--transport is websocket, polling or upgrade');

  const urls = list(v.url).map(checkUrl);
  const pids = list(v.pid).map((p) => integer('pid', p, 0));
  if (pids.length > 0 && urls.length === 0) throw new UsageError('--pid goes with --url');
  if ((v.baseline || v['baseline-only']) && urls.length > 0)
    throw new UsageError('--baseline starts its own servers; it does not go with --url');

  const refineFraction = positiveNumber('refine', v.refine, 0.1);
  if (refineFraction !== 0 && (refineFraction < 0.01 || refineFraction > 1))
    throw new UsageError('--refine is 0 (off) or between 0.01 and 1');

  const databaseUrl = v['database-url'] ?? (env.DATABASE_URL || undefined);
  if (v.databases !== undefined && urls.length > 0)
    throw new UsageError('--databases starts its own game servers; it does not go with --url');
  const { databases, postgresSkipped } = parseDatabases(v.databases, databaseUrl);

  const missRate = positiveNumber('miss-rate', v['miss-rate'], 0.2);
  if (missRate > 1) throw new UsageError('--miss-rate is between 0 and 1');

  return {
    urls,
    pids,
    players,
    roomSize,
    rate,
    warmupSeconds: capped('warmup', positiveNumber('warmup', v.warmup, 5), LIMITS.warmupSeconds),
    durationSeconds: capped(
      'duration',
      positiveNumber('duration', v.duration, 20),
      LIMITS.durationSeconds,
    ),
    sampleSeconds: Math.max(1, positiveNumber('sample-every', v['sample-every'], 5)),
    gameSeconds: gameSeconds(v['game-seconds']),
    chatSeconds: chatSeconds(v['chat-seconds']),
    scopes: parseScopes(v.scopes ?? DEFAULT_SCOPES),
    transport,
    baseline: (v.baseline ?? false) || (v['baseline-only'] ?? false),
    baselineOnly: v['baseline-only'] ?? false,
    ladder,
    ladderRates: sortedRates,
    ladderFailures: integer('ladder-failures', v['ladder-failures'], 1),
    refineFraction,
    holdBroadcastP95Ms: positiveNumber('hold-p95', v['hold-p95'], 10),
    holdBroadcastP99Ms: positiveNumber('hold-p99', v['hold-p99'], 50),
    poolSize: capped('pool', integer('pool', v.pool, 20_000), LIMITS.poolSize),
    missRate,
    seed: integer('seed', v.seed, 1, 0),
    json: v.json,
    dataDir: v['data-dir'] ?? (env.DATA_DIR || './data'),
    dataDirGiven: v['data-dir'] !== undefined,
    databaseUrl,
    databases,
    postgresSkipped,
    connectConcurrency: capped(
      'connect-concurrency',
      integer('connect-concurrency', v['connect-concurrency'], 25),
      500,
    ),
    quiet: v.quiet ?? false,
  };
}
