/**
 * What a node counts as it serves: each event is recorded once, here, into
 * two views of it. Prometheus's (prom-client, GET /metrics): Node's default
 * metrics and the game's counters since the start. And the operator's
 * (server/admin): a tally of the current second, which the sampler takes
 * once a second. One registry per node, not prom-client's global one, so
 * that test nodes in one process stay apart.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { emptyLatency, latencyBucket } from './latency-buckets.js';

/**
 * What happened in one second on this node, as the sampler takes it: the
 * counts of its sample (server/admin/node-sample.ts), deltas that add up
 * across seconds and nodes.
 */
export interface SecondTally {
  /** Guesses answered, by result: found, taken, repeat, miss, error. */
  guesses: Record<string, number>;
  finds: number;
  /** Events answered with an error, by code (rate_limited among them). */
  errors: Record<string, number>;
  /** Events refused by a rate limit (also counted in `errors.rate_limited`). */
  rateLimited: number;
  /** Events that are not part of the protocol, ignored. */
  unknownEvents: number;
  gamesStarted: number;
  gamesFinished: number;
  /** New seats taken (a player joining or creating a room); a rejoin is not new. */
  playersJoined: number;
  /** Guess latency (socket to ack) counted into LATENCY_BUCKETS_MS; one more entry for slower. */
  latency: number[];
  /** Guesses by room code this second. */
  roomGuesses: Record<string, number>;
}

/** Levels read when Prometheus scrapes: rooms by phase (every node's) and players here. */
export interface GaugeSources {
  roomsByPhase(): Promise<Record<string, number>>;
  players(): number;
}

export interface GameMetrics {
  registry: Registry;
  /** A guess answered: its result (or 'error'), socket-to-ack time and room. */
  guessAnswered(result: string, seconds: number, room: string | undefined): void;
  /** An event answered with an error code. */
  rejected(code: string): void;
  found(): void;
  unknownEvent(): void;
  gameStarted(): void;
  gameFinished(): void;
  playerJoined(): void;
  /** The tally of the second so far; the next one starts empty. */
  takeSecond(): SecondTally;
  /** Where the gauges read their levels; set once the node is ready. */
  setGaugeSources(sources: GaugeSources): void;
}

function emptyTally(): SecondTally {
  return {
    guesses: {},
    finds: 0,
    errors: {},
    rateLimited: 0,
    unknownEvents: 0,
    gamesStarted: 0,
    gamesFinished: 0,
    playersJoined: 0,
    latency: emptyLatency(),
    roomGuesses: {},
  };
}

const increment = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** The game's counters since the start, as Prometheus scrapes them. */
function gameCounters(registers: Registry[]) {
  return {
    guessSeconds: new Histogram({
      name: 'placerace_guess_seconds',
      help: 'Time from a guess reaching the server to its ack, by result',
      labelNames: ['result'],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    guesses: new Counter({
      name: 'placerace_guesses_total',
      help: 'Guesses answered, by result (found, taken, repeat, miss, error)',
      labelNames: ['result'],
      registers,
    }),
    errors: new Counter({
      name: 'placerace_errors_total',
      help: 'Events answered with an error, by error code',
      labelNames: ['code'],
      registers,
    }),
    rateLimited: new Counter({
      name: 'placerace_rate_limited_total',
      help: 'Events refused by a rate limit',
      registers,
    }),
    finds: new Counter({ name: 'placerace_finds_total', help: 'Places found', registers }),
    unknownEvents: new Counter({
      name: 'placerace_unknown_events_total',
      help: 'Events received that are not part of the protocol',
      registers,
    }),
    gamesStarted: new Counter({
      name: 'placerace_games_started_total',
      help: 'Games started',
      registers,
    }),
    gamesFinished: new Counter({
      name: 'placerace_games_finished_total',
      help: 'Games finished (on time or ended by their host)',
      registers,
    }),
    playersJoined: new Counter({
      name: 'placerace_players_joined_total',
      help: 'New seats taken in rooms',
      registers,
    }),
  };
}

/** The gauges, read from `sources` at each scrape; nothing before the sources are set. */
function levelGauges(registers: Registry[], sources: () => GaugeSources | undefined): void {
  new Gauge({
    name: 'placerace_rooms',
    help: 'Rooms by phase, on every node sharing the rooms',
    labelNames: ['phase'],
    registers,
    async collect() {
      const given = sources();
      if (!given) return;
      // While the room store is unreachable the last levels stay; the rest of the scrape still answers.
      const byPhase = await given.roomsByPhase().catch(() => undefined);
      for (const [phase, count] of Object.entries(byPhase ?? {})) this.set({ phase }, count);
    },
  });
  new Gauge({
    name: 'placerace_players',
    help: 'Players seated and connected through this node',
    registers,
    collect() {
      const given = sources();
      if (given) this.set(given.players());
    },
  });
}

export function createMetrics(labels: { node: string } = { node: 'local' }): GameMetrics {
  const registry = new Registry();
  registry.setDefaultLabels(labels);
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  const counters = gameCounters([registry]);
  let sources: GaugeSources | undefined;
  levelGauges([registry], () => sources);

  let second = emptyTally();
  return {
    registry,
    guessAnswered(result, seconds, room) {
      counters.guessSeconds.observe({ result }, seconds);
      counters.guesses.inc({ result });
      increment(second.guesses, result);
      second.latency[latencyBucket(seconds * 1000)]!++;
      if (room) increment(second.roomGuesses, room);
    },
    rejected(code) {
      counters.errors.inc({ code });
      increment(second.errors, code);
      if (code === 'rate_limited') {
        counters.rateLimited.inc();
        second.rateLimited++;
      }
    },
    found() {
      counters.finds.inc();
      second.finds++;
    },
    unknownEvent() {
      counters.unknownEvents.inc();
      second.unknownEvents++;
    },
    gameStarted() {
      counters.gamesStarted.inc();
      second.gamesStarted++;
    },
    gameFinished() {
      counters.gamesFinished.inc();
      second.gamesFinished++;
    },
    playerJoined() {
      counters.playersJoined.inc();
      second.playersJoined++;
    },
    takeSecond() {
      const taken = second;
      second = emptyTally();
      return taken;
    },
    setGaugeSources(given) {
      sources = given;
    },
  };
}
