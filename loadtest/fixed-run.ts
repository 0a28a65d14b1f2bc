/**
 * A run at one rate: warm-up, then the measured duration, sampled every
 * `sampleSeconds` (server RSS, CPU and event-loop lag, latencies) so that a
 * long run is a soak: did memory keep growing after the warm-up, did the
 * loop stall, did errors appear late?
 */
import { GeneratorStats } from './process-stats.js';
import { summarize, type SampleReport, type SoakReport, type StepReport } from './report.js';
import { measureWindow, waitWithProgress, type RunContext } from './measure.js';

export interface FixedRunResult {
  run: StepReport;
  samples: SampleReport[];
  soak: SoakReport;
}

export async function runFixedRate(
  ctx: RunContext,
  options: { rate: number; warmupSeconds: number; durationSeconds: number; sampleSeconds: number },
): Promise<FixedRunResult> {
  const { rate, sampleSeconds } = options;
  ctx.swarm.setRate(rate);
  if (options.warmupSeconds > 0) await waitWithProgress(ctx, options.warmupSeconds, 'warm-up');

  const samples: SampleReport[] = [];
  const sampleGenerator = new GeneratorStats();
  let sampleFrom = await ctx.probe.read();
  let sampleWindow = ctx.recorder.open();
  let nextSampleAt = sampleSeconds;
  /** The sample closed at the last tick: read one second later, when its last guesses have their acks. */
  let pending: (() => void) | undefined;

  const tick = async (elapsed: number) => {
    pending?.();
    pending = undefined;
    if (elapsed + 0.5 < nextSampleAt) return;
    nextSampleAt += sampleSeconds;
    const window = sampleWindow;
    const from = sampleFrom;
    ctx.recorder.close(window);
    const to = await ctx.probe.read();
    const generator = sampleGenerator.read();
    sampleGenerator.reset();
    sampleWindow = ctx.recorder.open();
    sampleFrom = to;
    pending = () => {
      ctx.recorder.release(window);
      const seconds = (window.end - window.start) / 1000;
      samples.push({ t: elapsed, ...summarize(window, rate, seconds, { from, to }, generator) });
    };
  };

  const measured = await measureWindow(
    ctx,
    rate,
    options.durationSeconds,
    rate > 0 ? 'measuring' : 'idle',
    tick,
  );
  ctx.swarm.setRate(0);
  pending?.();
  ctx.recorder.release(sampleWindow);
  sampleGenerator.stop();

  const lags = samples.map((s) => s.eventLoopLagP99Ms).filter((l): l is number => l !== null);
  const cpus = samples.map((s) => s.serverCpuPercent).filter((c): c is number => c !== null);
  const run = measured.report;
  // The run's own lag reading only covers the time since the last sample's scrape.
  if (lags.length > 0) run.eventLoopLagP99Ms = Math.max(...lags);
  const start = measured.from.rssBytes;
  const end = measured.to.rssBytes;
  return {
    run,
    samples,
    soak: {
      rssAfterWarmupBytes: start ?? null,
      rssEndBytes: end ?? null,
      rssGrowth: start && end ? end / start - 1 : null,
      eventLoopLagP99MaxMs: lags.length > 0 ? Math.max(...lags) : null,
      serverCpuPercentMean: cpus.length > 0 ? cpus.reduce((a, c) => a + c, 0) / cpus.length : null,
    },
  };
}
