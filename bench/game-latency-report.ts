/**
 * The game-latency figures: count, p50, p95 and max of each measure per
 * phase, against the 50 ms a player should not notice. Printed as a table;
 * the same rows go to the JSON file.
 */
import { figure, type Figure } from './client-report.js';
import type { GameLatencyRun, PhaseRun, Planned } from './game-latency.js';

/** Both latencies should stay within this at p95. */
export const LATENCY_TARGET_MS = 50;

export interface LatencyRow extends Figure {
  viewport: PhaseRun['viewport'];
  level: number;
  measure: 'feedback' | 'marker';
  targetP95Ms: number;
  /** Null when the page recorded nothing to judge. */
  met: boolean | null;
}

export function latencyRows(run: GameLatencyRun): LatencyRow[] {
  return run.phases.flatMap((phase) =>
    (['feedback', 'marker'] as const).map((measure) => {
      const f = figure(measure === 'feedback' ? phase.feedbackMs : phase.markerMs);
      return {
        viewport: phase.viewport,
        level: phase.level,
        measure,
        ...f,
        targetP95Ms: LATENCY_TARGET_MS,
        met: f.count === 0 ? null : f.p95 <= LATENCY_TARGET_MS,
      };
    }),
  );
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');

export function formatLatencyTable(rows: readonly LatencyRow[]): string {
  const header = [
    'viewport'.padEnd(8),
    'finds'.padStart(6),
    'measure'.padEnd(19),
    'count'.padStart(5),
    'p50'.padStart(7),
    'p95'.padStart(7),
    'max'.padStart(7),
    `  p95 ≤ ${LATENCY_TARGET_MS} ms`,
  ].join(' ');
  const lines = rows.map((row) =>
    [
      row.viewport.padEnd(8),
      row.level.toLocaleString('en').padStart(6),
      `placerace:${row.measure}`.padEnd(19),
      String(row.count).padStart(5),
      ms(row.p50).padStart(7),
      ms(row.p95).padStart(7),
      ms(row.max).padStart(7),
      `  ${row.met === null ? 'no samples' : row.met ? 'met' : 'MISSED'}`,
    ].join(' '),
  );
  const width = Math.max(header.length, ...lines.map((line) => line.length));
  return [header, '-'.repeat(width), ...lines].join('\n');
}

const counts = (record: Partial<Record<string, number>>) =>
  Object.entries(record)
    .filter(([, n]) => n)
    .map(([kind, n]) => `${n!.toLocaleString('en')} ${kind}`)
    .join(', ');

function tally(items: readonly string[]): Record<string, number> {
  const counted: Record<string, number> = {};
  for (const item of items) counted[item] = (counted[item] ?? 0) + 1;
  return counted;
}

/**
 * Feedback p50 by what the guess was meant to be: a hit also puts a marker
 * on the map, a miss or a taken place does not. Only when every guess left
 * one measure, so that the measures (in the order typed) pair with the guesses.
 */
function feedbackByPlan(phase: PhaseRun): string {
  if (phase.feedbackMs.length !== phase.planned.length) return '';
  const kinds = Object.keys(tally(phase.planned)) as Planned[];
  const p50s = kinds.map((kind) => {
    const of = phase.feedbackMs.filter((_, i) => phase.planned[i] === kind);
    return `${kind} ${ms(figure(of).p50)}`;
  });
  return `; feedback p50 by guess: ${p50s.join(', ')} ms`;
}

/** A line per phase on how the scene went: did the map fill, did the guesses come out as planned. */
export function formatPhaseDetails(run: GameLatencyRun): string {
  const lines = run.phases.map(
    (p) =>
      `${p.viewport.padEnd(7)} ${p.markers.toLocaleString('en').padStart(6)} markers: map ready ` +
      `${(p.mapReadyMs / 1000).toFixed(1)} s after opening /r/${run.room}; guesses planned ` +
      `${counts(tally(p.planned))}, feedback said ${counts(p.outcomes)}${feedbackByPlan(p)}; ` +
      `${p.findsDuring} finds meanwhile`,
  );
  const fills = Object.entries(run.fillSeconds)
    .map(([level, s]) => `${Number(level).toLocaleString('en')} in ${s} s`)
    .join(', ');
  lines.push(
    `${run.bots} bots filled the room to ${fills}; their guesses: ${counts(run.botResults)}` +
      (run.botRateLimited ? ` (${run.botRateLimited} rate_limited, sent again)` : ''),
  );
  return lines.join('\n');
}
