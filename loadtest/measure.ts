/**
 * Measuring one window of a run: the server's readings at both ends, the
 * progress line meanwhile, and, once the window closes, waiting until every
 * guess sent inside it has been answered (or timed out), so that a slow
 * server's late acks count against it instead of silently going missing.
 */
import type { GeneratorStats, ServerProbe, ServerReading } from './process-stats.js';
import type { Progress } from './progress.js';
import type { Recorder, Window } from './recorder.js';
import { summarize, ms, type StepReport } from './report.js';
import type { Swarm } from './swarm.js';
import { ACK_TIMEOUT_MS } from './swarm.js';

export interface RunContext {
  label: string;
  swarm: Swarm;
  recorder: Recorder;
  probe: ServerProbe;
  progress: Progress;
  generator: GeneratorStats;
}

export const sleep = (msToWait: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, msToWait));

/** Broadcasts go out before their ack: once the acks are in, this covers the last receipts. */
const BROADCAST_GRACE_MS = 500;

/**
 * Waits `seconds`, updating the progress line each second with the last
 * second's figures; `tick` runs at each whole second (samples of a soak).
 */
export async function waitWithProgress(
  ctx: RunContext,
  seconds: number,
  phase: string,
  tick?: (elapsed: number) => Promise<void>,
): Promise<void> {
  const started = performance.now();
  let last = ctx.recorder.open(started);
  for (let second = 1; ; second++) {
    const remaining = started + seconds * 1000 - performance.now();
    if (remaining <= 0) break;
    await sleep(Math.min(remaining, started + second * 1000 - performance.now()));
    const now = performance.now();
    ctx.recorder.close(last, now);
    ctx.recorder.release(last);
    const done = last;
    last = ctx.recorder.open(now);
    const secondLong = (now - done.start) / 1000;
    ctx.progress.update(
      `[${ctx.label}] ${phase} ${Math.min(second, Math.ceil(seconds))}/${Math.ceil(seconds)} s | ` +
        `sent ${(done.sent / secondLong).toFixed(0)}/s acked ${(done.acked / secondLong).toFixed(0)}/s ` +
        `deliv ${(done.deliveries / secondLong).toFixed(0)}/s | ack p99 ${ms(done.ack.figures().p99)} ms ` +
        `bcast p99 ${ms(done.broadcast.figures().p99)} ms | errors ${done.errorCount} | ` +
        `seated ${ctx.swarm.seatedCount}`,
    );
    if (tick) await tick((now - started) / 1000);
  }
  ctx.recorder.close(last);
  ctx.recorder.release(last);
}

/** Resolves once every guess sent in `window` is answered or timed out. */
export async function drain(window: Window): Promise<void> {
  const deadline = performance.now() + ACK_TIMEOUT_MS + 1000;
  while (performance.now() < deadline) {
    const answered = window.acked + (window.errors.timeout ?? 0);
    if (answered >= window.sent) break;
    await sleep(50);
  }
  await sleep(BROADCAST_GRACE_MS);
}

/** Measures `seconds` at the rate already set: the figures of one step or run. */
export async function measureWindow(
  ctx: RunContext,
  offeredRate: number,
  seconds: number,
  phase: string,
  tick?: (elapsed: number) => Promise<void>,
): Promise<{ report: StepReport; from: ServerReading; to: ServerReading }> {
  const from = await ctx.probe.read();
  ctx.generator.reset();
  const window = ctx.recorder.open();
  await waitWithProgress(ctx, seconds, phase, tick);
  ctx.recorder.close(window);
  const to = await ctx.probe.read();
  const generator = ctx.generator.read();
  await drain(window);
  ctx.recorder.release(window);
  const measuredSeconds = (window.end - window.start) / 1000;
  return {
    report: summarize(window, offeredRate, measuredSeconds, { from, to }, generator),
    from,
    to,
  };
}
