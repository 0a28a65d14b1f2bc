/**
 * The rate ladder: the same connected players, the total guess rate raised
 * step by step, each step warmed up then measured. A step holds when the
 * broadcast p95 and p99 stay within the criteria with no errors, no lost
 * broadcasts, no disconnects and a load generator that kept up. The coarse
 * steps stop after `maxFailures` failing steps in a row, as higher ones
 * would only pile a backlog onto the next; then the gap between the highest
 * rate that held and the first that failed is probed in finer steps
 * (refinement.ts), stopping the same way. The sustainable rate is the
 * highest offered rate that held, coarse or refined.
 */
import { refinementRates, type Refinement } from './refinement.js';
import { holdFailures, type StepReport } from './report.js';
import { measureWindow, sleep, waitWithProgress, type RunContext } from './measure.js';

export interface LadderOptions {
  rates: readonly number[];
  warmupSeconds: number;
  durationSeconds: number;
  maxFailures: number;
  /** Refined steps as a fraction of the highest coarse rate that held; 0: none. */
  refineFraction: number;
  criteria: { broadcastP95Ms: number; broadcastP99Ms: number };
  /** Whether the server has exited: no step is worth running against it after that. */
  serverExited?: () => boolean;
}

export interface LadderResult {
  sustainableRate: number;
  /** Every step held: the sustainable rate is only a lower bound. */
  exhausted: boolean;
  /** The gap that was probed in finer steps, if any. */
  refinement?: Refinement;
  steps: StepReport[];
}

/** A pause between steps, so that one step's backlog does not start the next. */
const SETTLE_MS = 1000;

/** Runs `rates` in order until `maxFailures` fail in a row; returns their steps. */
async function climb(
  ctx: RunContext,
  rates: readonly number[],
  options: LadderOptions,
  stage: 'coarse' | 'refined',
): Promise<StepReport[]> {
  const steps: StepReport[] = [];
  let failuresInARow = 0;
  for (const [i, rate] of rates.entries()) {
    const phase = `${stage === 'coarse' ? 'step' : 'refined step'} ${i + 1}/${rates.length} at ${rate}/s`;
    ctx.swarm.setRate(rate);
    if (options.warmupSeconds > 0)
      await waitWithProgress(ctx, options.warmupSeconds, `${phase} warm-up`);
    const { report } = await measureWindow(ctx, rate, options.durationSeconds, phase);
    const failures = holdFailures(report, options.criteria);
    report.holds = failures.length === 0;
    report.failures = failures;
    report.stage = stage;
    steps.push(report);
    ctx.progress.note(
      `[${ctx.label}] ${rate}/s: broadcast p95 ${report.broadcast.p95.toFixed(2)} ms, ` +
        `p99 ${report.broadcast.p99.toFixed(2)} ms, ${report.errorCount} errors: ` +
        (report.holds ? 'holds' : `does not hold (${failures.join('; ')})`),
    );
    failuresInARow = report.holds ? 0 : failuresInARow + 1;
    ctx.swarm.setRate(0);
    if (failuresInARow >= options.maxFailures || options.serverExited?.()) break;
    await sleep(SETTLE_MS);
  }
  return steps;
}

export async function runLadder(ctx: RunContext, options: LadderOptions): Promise<LadderResult> {
  const steps = await climb(ctx, options.rates, options, 'coarse');
  const refinement = options.serverExited?.()
    ? undefined
    : refinementRates(steps, options.refineFraction);
  if (refinement && refinement.rates.length > 0) {
    ctx.progress.note(
      `[${ctx.label}] refining between ${refinement.held}/s (held) and ${refinement.failed}/s ` +
        `(failed): ${refinement.rates.join(', ')}`,
    );
    await sleep(SETTLE_MS);
    steps.push(...(await climb(ctx, refinement.rates, options, 'refined')));
  }
  ctx.swarm.setRate(0);
  const held = steps.filter((s) => s.holds).map((s) => s.offeredRate);
  return {
    sustainableRate: Math.max(0, ...held),
    exhausted: steps.every((s) => s.holds),
    ...(refinement ? { refinement } : {}),
    steps,
  };
}
