/**
 * What a run reports: the figures of a measured window (a ladder step, a
 * fixed-rate run, a soak sample), the JSON report other tools read, and the
 * tables people read. Latencies are in milliseconds, rates per second, CPU in
 * % of one core (this machine has os.cpus().length of them), memory in bytes.
 */
import type { ChatCounts } from './chat-load.js';
import type { Database } from './options.js';
import type { Refinement } from './refinement.js';
import type { LatencyFigures } from './samples.js';
import type { Window } from './recorder.js';
import { cpuPercent, machinePercent, type ServerReading } from './process-stats.js';
import type { SetupReport } from './swarm.js';

export interface StepReport {
  /** The rate the schedule offered (guesses a second, all players). */
  offeredRate: number;
  /** Guesses actually put on sockets per second. */
  sentRate: number;
  /** Acks received per second (for guesses sent in the window). */
  achievedRate: number;
  findsPerSecond: number;
  /** `place:found` receipts by other players per second. */
  deliveriesPerSecond: number;
  seconds: number;
  ack: LatencyFigures;
  broadcast: LatencyFigures;
  /** Acks by result: found, taken, repeat, miss. */
  results: Record<string, number>;
  errors: Record<string, number>;
  errorCount: number;
  disconnects: number;
  reconnects: number;
  lostDeliveries: number;
  /** Guesses the load process fell too far behind to send (its own limit, not the server's). */
  generatorDropped: number;
  /** --game-seconds: guesses held while their room changed games, and games started anew. */
  betweenGames: number;
  newGames: number;
  serverCpuPercent: number | null;
  serverRssBytes: number | null;
  /** From the server's /metrics (prom-client, 10 ms sampling: an idle loop reads about 10 ms). */
  eventLoopLagP99Ms: number | null;
  generatorCpuPercent: number;
  /**
   * CPU the rest of the machine used meanwhile (busy time less the server's
   * and the load process's): other work on a shared machine skews the figures.
   * Null when the server is not on this machine's /proc.
   */
  otherCpuPercent: number | null;
  /** The load process's own event-loop delay p99, sampled the same way. */
  generatorLagP99Ms: number;
  /** Ladder steps: whether the step met the criteria, and why not. */
  holds?: boolean;
  failures?: string[];
  /** Ladder steps: a step of the coarse ladder, or one probing between its last hold and first failure. */
  stage?: 'coarse' | 'refined';
}

export interface MemoryReport {
  rssBeforeConnectBytes: number | null;
  rssAfterConnectBytes: number | null;
  /** (after − before) ÷ players: what a connected, seated, idle player costs the server. */
  perPlayerBytes: number | null;
  /** At the end of the run, players still connected: RSS and (end − before) ÷ players. */
  rssEndBytes: number | null;
  perPlayerBytesAtEnd: number | null;
}

export interface SoakReport {
  /** RSS when measuring began (after warm-up) and at the end; growth = end ÷ start − 1. */
  rssAfterWarmupBytes: number | null;
  rssEndBytes: number | null;
  rssGrowth: number | null;
  eventLoopLagP99MaxMs: number | null;
  serverCpuPercentMean: number | null;
}

export interface SampleReport extends StepReport {
  /** Seconds since measuring began, at the end of the sample. */
  t: number;
}

export interface TargetReport {
  server: 'game' | 'baseline';
  urls: string[];
  /** Whether the tool started the server itself (CPU and RSS then come from /proc). */
  local: boolean;
  pids: number[];
  players: number;
  rooms: number;
  roomSize: number;
  /** The game server's database, when the tool started it. */
  database?: Database;
  setup: SetupReport;
  memory: MemoryReport;
  /** Ladder: the highest offered rate whose step held (0 when none did). */
  sustainableRate?: number;
  /** Ladder: every step held, so the sustainable rate is only a lower bound. */
  exhausted?: boolean;
  /** Ladder: the gap between the last coarse hold and the first failure, probed in finer steps. */
  refinement?: Refinement;
  steps?: StepReport[];
  /** Fixed rate: the whole measured duration, its samples and the soak figures. */
  run?: StepReport;
  samples?: SampleReport[];
  soak?: SoakReport;
  /** With --chat-seconds: the chat sent beside the guesses, over the whole run. */
  chat?: ChatCounts;
}

const nullable = (n: number | undefined): number | null =>
  n === undefined || !Number.isFinite(n) ? null : n;

/** A window's figures, with the server's readings at its start and end. */
export function summarize(
  window: Window,
  offeredRate: number,
  seconds: number,
  server: { from: ServerReading; to: ServerReading },
  generator: { cpuPercent: number; lagP99Ms: number },
): StepReport {
  const per = (n: number) => (seconds > 0 ? n / seconds : 0);
  const lag = server.to.eventLoopLagP99Seconds;
  const serverCpu = cpuPercent(server.from, server.to);
  const machine = machinePercent(server.from, server.to);
  const other =
    serverCpu !== undefined && machine !== undefined
      ? Math.max(0, machine - serverCpu - generator.cpuPercent)
      : undefined;
  return {
    offeredRate,
    sentRate: per(window.sent),
    achievedRate: per(window.acked),
    findsPerSecond: per(window.finds),
    deliveriesPerSecond: per(window.deliveries),
    seconds,
    ack: window.ack.figures(),
    broadcast: window.broadcast.figures(),
    results: { ...window.results },
    errors: { ...window.errors },
    errorCount: window.errorCount,
    disconnects: window.disconnects,
    reconnects: window.reconnects,
    lostDeliveries: window.lostDeliveries,
    generatorDropped: window.generatorDropped,
    betweenGames: window.betweenGames,
    newGames: window.newGames,
    serverCpuPercent: nullable(serverCpu),
    serverRssBytes: nullable(server.to.rssBytes),
    eventLoopLagP99Ms: lag === undefined ? null : lag * 1000,
    generatorCpuPercent: generator.cpuPercent,
    otherCpuPercent: nullable(other),
    generatorLagP99Ms: generator.lagP99Ms,
  };
}

/**
 * The server's CPU time per answered guess, in µs: what a guess costs it
 * (CPU % of one core ÷ acks a second). Null without a CPU reading or acks.
 */
export function cpuMicrosPerGuess(step: StepReport): number | null {
  if (step.serverCpuPercent === null || !(step.achievedRate > 0)) return null;
  return ((step.serverCpuPercent / 100) * 1e6) / step.achievedRate;
}

/** The ladder's criteria: why a step does not hold (empty: it holds). */
export function holdFailures(
  step: StepReport,
  criteria: { broadcastP95Ms: number; broadcastP99Ms: number },
): string[] {
  const reasons: string[] = [];
  const { p95, p99, count } = step.broadcast;
  if (count === 0) reasons.push('no broadcasts measured');
  if (p95 > criteria.broadcastP95Ms)
    reasons.push(`broadcast p95 ${ms(p95)} > ${criteria.broadcastP95Ms} ms`);
  if (p99 > criteria.broadcastP99Ms)
    reasons.push(`broadcast p99 ${ms(p99)} > ${criteria.broadcastP99Ms} ms`);
  if (step.errorCount > 0) reasons.push(`errors ${formatErrors(step.errors)}`);
  if (step.lostDeliveries > 0) reasons.push(`${step.lostDeliveries} broadcasts never arrived`);
  if (step.disconnects > 0) reasons.push(`${step.disconnects} disconnects`);
  if (step.generatorDropped > 0)
    reasons.push(`the load generator fell behind (${step.generatorDropped} guesses dropped)`);
  return reasons;
}

// Formatting for people.

export const ms = (n: number): string =>
  !Number.isFinite(n) ? '–' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0);
export const mb = (bytes: number | null): string =>
  bytes === null ? '–' : `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const pct = (n: number | null): string => (n === null ? '–' : `${n.toFixed(0)}%`);
const rate = (n: number): string => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
export const micros = (n: number | null): string => (n === null ? '–' : n.toFixed(0));

export function formatErrors(errors: Record<string, number>): string {
  const entries = Object.entries(errors);
  return entries.length === 0 ? '0' : entries.map(([code, n]) => `${code} ${n}`).join(', ');
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
}

/** One row per step (or one for a fixed-rate run). */
export function stepTable(steps: readonly StepReport[], ladder: boolean): string {
  const head = [
    'offered/s',
    'acked/s',
    'deliv/s',
    'ack p50',
    'p95',
    'p99',
    'max',
    'bcast p50',
    'p95',
    'p99',
    'max',
    'errors',
    'srv CPU',
    'srv RSS',
    'lag p99',
    'gen CPU',
    'other CPU',
    'µs/guess',
    ...(ladder ? ['holds'] : []),
  ];
  const rows = steps.map((s) => [
    // Refined steps are marked, so the table shows where the ladder looked closer.
    `${s.stage === 'refined' ? '› ' : ''}${rate(s.offeredRate)}`,
    rate(s.achievedRate),
    rate(s.deliveriesPerSecond),
    ms(s.ack.p50),
    ms(s.ack.p95),
    ms(s.ack.p99),
    ms(s.ack.max),
    ms(s.broadcast.p50),
    ms(s.broadcast.p95),
    ms(s.broadcast.p99),
    ms(s.broadcast.max),
    String(s.errorCount + s.lostDeliveries + s.disconnects),
    pct(s.serverCpuPercent),
    mb(s.serverRssBytes),
    s.eventLoopLagP99Ms === null ? '–' : ms(s.eventLoopLagP99Ms),
    pct(s.generatorCpuPercent),
    pct(s.otherCpuPercent),
    micros(cpuMicrosPerGuess(s)),
    ...(ladder ? [s.holds ? 'yes' : 'no'] : []),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const lines = [pad(head, widths), ...rows.map((r) => pad(r, widths))];
  const notes = steps.flatMap((s) =>
    s.failures && s.failures.length > 0
      ? [`  ${rate(s.offeredRate)}/s: ${s.failures.join('; ')}`]
      : s.errorCount > 0
        ? [`  ${rate(s.offeredRate)}/s errors: ${formatErrors(s.errors)}`]
        : [],
  );
  return [...lines, ...notes].join('\n');
}

export const DATABASE_NAMES: Record<Database, string> = {
  pglite: 'PGlite',
  postgres: 'PostgreSQL',
};

export function targetHeading(t: TargetReport): string {
  const where = t.local ? `${t.urls[0]}, pid ${t.pids.join(', ')}` : t.urls.join(', ');
  const failed = Object.entries(t.setup.failedRooms);
  const what =
    t.server === 'baseline'
      ? 'Baseline (bare socket.io)'
      : `Game server${t.database ? ` on ${DATABASE_NAMES[t.database]}` : ''}`;
  return [
    `${what} at ${where}`,
    `  ${t.setup.players} players in ${t.setup.rooms} rooms of ${t.roomSize}, set up in ${t.setup.seconds.toFixed(1)} s` +
      (failed.length > 0 ? ` (failed rooms: ${formatErrors(t.setup.failedRooms)})` : ''),
    `  server RSS ${mb(t.memory.rssBeforeConnectBytes)} before connecting, ${mb(t.memory.rssAfterConnectBytes)} after` +
      (t.memory.perPlayerBytes === null
        ? ''
        : ` (${kb(t.memory.perPlayerBytes)} per connected player)`) +
      `, ${mb(t.memory.rssEndBytes)} at the end` +
      (t.memory.perPlayerBytesAtEnd === null
        ? ''
        : ` (${kb(t.memory.perPlayerBytesAtEnd)} per player)`),
  ].join('\n');
}

export function soakLines(soak: SoakReport): string {
  const growth = soak.rssGrowth === null ? '–' : `${(soak.rssGrowth * 100).toFixed(1)}%`;
  return (
    `  RSS after warm-up ${mb(soak.rssAfterWarmupBytes)}, at the end ${mb(soak.rssEndBytes)} (growth ${growth}); ` +
    `event-loop lag p99 worst sample ${soak.eventLoopLagP99MaxMs === null ? '–' : ms(soak.eventLoopLagP99MaxMs) + ' ms'}`
  );
}
