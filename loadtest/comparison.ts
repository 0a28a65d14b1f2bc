/**
 * The game server against the bare socket.io baseline, the figure issue 16
 * judges by: game ÷ baseline sustainable rate, per database the game ran on,
 * and what a guess costs each server's CPU at a rate both carried.
 */
import type { Database } from './options.js';
import {
  cpuMicrosPerGuess,
  DATABASE_NAMES,
  micros,
  type StepReport,
  type TargetReport,
} from './report.js';

export const ratioOf = (game: number, baseline: number): number | null =>
  Number.isFinite(game) && Number.isFinite(baseline) && baseline > 0 ? game / baseline : null;

/** CPU per guess compares best near this rate: well loaded, yet held by both servers. */
export const CPU_COMPARISON_RATE = 1000;

export interface CpuPerGuess {
  /** The offered rate of the two steps compared. */
  offeredRate: number;
  gameMicroseconds: number;
  baselineMicroseconds: number;
  /** Game ÷ baseline. */
  ratio: number | null;
}

export interface LadderComparison {
  gameRate: number;
  baselineRate: number;
  /** Game ÷ baseline sustainable rate. */
  ratio: number | null;
  /** Either ladder never failed: its rate, and so the ratio, is a bound, not a measurement. */
  bounded: boolean;
  cpuPerGuess: CpuPerGuess | null;
}

/**
 * CPU per guess at the offered rate both ladders ran closest to `near`,
 * preferring a rate both held (a failing step's CPU includes its backlog).
 */
export function cpuPerGuessAtCommonRate(
  game: readonly StepReport[],
  baseline: readonly StepReport[],
  near = CPU_COMPARISON_RATE,
): CpuPerGuess | null {
  const pairs = game.flatMap((g) => {
    const b = baseline.find((s) => s.offeredRate === g.offeredRate);
    const gameMicroseconds = cpuMicrosPerGuess(g);
    const baselineMicroseconds = b ? cpuMicrosPerGuess(b) : null;
    return b && gameMicroseconds !== null && baselineMicroseconds !== null
      ? [{ bothHeld: Boolean(g.holds && b.holds), gameMicroseconds, baselineMicroseconds, g }]
      : [];
  });
  const held = pairs.filter((p) => p.bothHeld);
  const candidates = held.length > 0 ? held : pairs;
  const distance = (rate: number) => Math.abs(Math.log(rate / near));
  const best = candidates.reduce<(typeof candidates)[number] | undefined>(
    (a, p) => (!a || distance(p.g.offeredRate) < distance(a.g.offeredRate) ? p : a),
    undefined,
  );
  if (!best) return null;
  return {
    offeredRate: best.g.offeredRate,
    gameMicroseconds: best.gameMicroseconds,
    baselineMicroseconds: best.baselineMicroseconds,
    ratio: ratioOf(best.gameMicroseconds, best.baselineMicroseconds),
  };
}

export function compareLadders(game: TargetReport, baseline: TargetReport): LadderComparison {
  const gameRate = game.sustainableRate ?? 0;
  const baselineRate = baseline.sustainableRate ?? 0;
  return {
    gameRate,
    baselineRate,
    ratio: ratioOf(gameRate, baselineRate),
    bounded: Boolean(game.exhausted || baseline.exhausted),
    cpuPerGuess: cpuPerGuessAtCommonRate(game.steps ?? [], baseline.steps ?? []),
  };
}

/** Game ÷ baseline for a fixed-rate run at the same offered rate. */
export function fixedRatios(game: TargetReport, baseline: TargetReport) {
  const g = game.run!;
  const b = baseline.run!;
  return {
    ackP50: ratioOf(g.ack.p50, b.ack.p50),
    ackP99: ratioOf(g.ack.p99, b.ack.p99),
    broadcastP50: ratioOf(g.broadcast.p50, b.broadcast.p50),
    broadcastP95: ratioOf(g.broadcast.p95, b.broadcast.p95),
    broadcastP99: ratioOf(g.broadcast.p99, b.broadcast.p99),
    achievedRate: ratioOf(g.achievedRate, b.achievedRate),
    serverCpu: ratioOf(g.serverCpuPercent ?? NaN, b.serverCpuPercent ?? NaN),
    memoryPerPlayer: ratioOf(
      game.memory.perPlayerBytes ?? NaN,
      baseline.memory.perPlayerBytes ?? NaN,
    ),
  };
}

/** One row per database: the rates, their ratio, and CPU per guess of each server. */
export function comparisonTable(
  rows: readonly { database: Database | undefined; game: TargetReport; c: LadderComparison }[],
  baseline: TargetReport,
): string {
  const bound = (rate: number, t: TargetReport) => `${t.exhausted ? '≥' : ''}${rate}`;
  const head = [
    'database',
    'game/s',
    'baseline/s',
    'ratio',
    'CPU at/s',
    'game µs/guess',
    'baseline µs/guess',
    'ratio',
  ];
  const cells = rows.map(({ database, game, c }) => [
    database ? DATABASE_NAMES[database] : '(given)',
    bound(c.gameRate, game),
    bound(c.baselineRate, baseline),
    c.ratio === null ? '–' : `${c.bounded ? '~' : ''}${c.ratio.toFixed(2)}`,
    c.cpuPerGuess ? String(c.cpuPerGuess.offeredRate) : '–',
    micros(c.cpuPerGuess?.gameMicroseconds ?? null),
    micros(c.cpuPerGuess?.baselineMicroseconds ?? null),
    c.cpuPerGuess?.ratio == null ? '–' : c.cpuPerGuess.ratio.toFixed(2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...cells.map(line)].join('\n');
}
