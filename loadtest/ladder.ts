/**
 * The rate ladder: the same connected players, the total guess rate raised
 * step by step, each step warmed up then measured. A step holds when the
 * broadcast p95 and p99 stay within the criteria with no errors, no lost
 * broadcasts, no disconnects and a load generator that kept up. The
 * sustainable rate is the highest offered rate that held; the ladder stops
 * after `maxFailures` failing steps in a row, as higher ones would only
 * pile a backlog onto the next.
 */
import { holdFailures, type StepReport } from './report.js';
import { measureWindow, sleep, waitWithProgress, type RunContext } from './measure.js';

export interface LadderOptions {
  rates: readonly number[];
  warmupSeconds: number;
  durationSeconds: number;
  maxFailures: number;
  criteria: { broadcastP95Ms: number; broadcastP99Ms: number };
}

export interface LadderResult {
  sustainableRate: number;
  steps: StepReport[];
}

/** A pause between steps, so that one step's backlog does not start the next. */
const SETTLE_MS = 1000;

export async function runLadder(ctx: RunContext, options: LadderOptions): Promise<LadderResult> {
  const steps: StepReport[] = [];
  let sustainableRate = 0;
  let failuresInARow = 0;
  for (const [i, rate] of options.rates.entries()) {
    const phase = `step ${i + 1}/${options.rates.length} at ${rate}/s`;
    ctx.swarm.setRate(rate);
    if (options.warmupSeconds > 0)
      await waitWithProgress(ctx, options.warmupSeconds, `${phase} warm-up`);
    const { report } = await measureWindow(ctx, rate, options.durationSeconds, phase);
    const failures = holdFailures(report, options.criteria);
    report.holds = failures.length === 0;
    report.failures = failures;
    steps.push(report);
    ctx.progress.note(
      `[${ctx.label}] ${rate}/s: broadcast p95 ${report.broadcast.p95.toFixed(2)} ms, ` +
        `p99 ${report.broadcast.p99.toFixed(2)} ms, ${report.errorCount} errors: ` +
        (report.holds ? 'holds' : `does not hold (${failures.join('; ')})`),
    );
    if (report.holds) {
      sustainableRate = Math.max(sustainableRate, rate);
      failuresInARow = 0;
    } else if (++failuresInARow >= options.maxFailures) {
      break;
    }
    ctx.swarm.setRate(0);
    await sleep(SETTLE_MS);
  }
  ctx.swarm.setRate(0);
  return { sustainableRate, steps };
}
