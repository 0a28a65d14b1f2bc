/**
 * `npm run loadtest -- [options]` (see USAGE in options.ts and
 * loadtest/README.md): draws the guess pools from the gazetteer, then drives
 * the game server, and with --baseline the bare socket.io baseline after it
 * (never both at once: they would share the two cores), and prints what it
 * measured; --json FILE writes the full report.
 *
 * Exit codes: 0 when the run completed (whatever it measured), 1 when it
 * could not (a server did not start, players could not be seated), 2 for a
 * bad command line.
 */
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { loadGuessPools } from './guess-pools.js';
import { parseOptions, USAGE, UsageError, type LoadTestOptions } from './options.js';
import { Progress } from './progress.js';
import { soakLines, stepTable, targetHeading, type TargetReport } from './report.js';
import { killChildren, stopChildren } from './server-process.js';
import { runTarget } from './target.js';

/** Seconds a target may take beyond its planned run: start, seating, draining. */
const TARGET_OVERHEAD_SECONDS = 6 * 60;

function plannedSeconds(o: LoadTestOptions): number {
  const perTarget = o.ladder
    ? o.ladderRates.length * (o.warmupSeconds + o.durationSeconds + 15)
    : o.warmupSeconds + o.durationSeconds + 15;
  const targets = o.baseline && !o.baselineOnly ? 2 : 1;
  return targets * (perTarget + TARGET_OVERHEAD_SECONDS);
}

function describeRun(o: LoadTestOptions): string {
  const load = o.ladder
    ? `ladder ${o.ladderRates.join(', ')} guesses/s, ${o.warmupSeconds} s warm-up + ${o.durationSeconds} s per step`
    : o.rate > 0
      ? `${o.rate} guesses/s (${(o.rate / o.players).toFixed(2)} per player), ${o.warmupSeconds} s warm-up + ${o.durationSeconds} s`
      : `idle connections for ${o.durationSeconds} s`;
  return `${o.players} players in rooms of ${o.roomSize}, ${o.transport}; ${load}`;
}

const ratioOf = (game: number, baseline: number): number | null =>
  Number.isFinite(game) && Number.isFinite(baseline) && baseline > 0 ? game / baseline : null;

/** Game ÷ baseline for a fixed-rate run at the same offered rate. */
function fixedRatios(game: TargetReport, baseline: TargetReport) {
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

function printTarget(t: TargetReport, ladder: boolean): void {
  console.log(targetHeading(t));
  if (ladder && t.steps) {
    console.log(stepTable(t.steps, true));
    console.log(`  sustainable rate: ${t.sustainableRate} guesses/s`);
  } else if (t.run) {
    console.log(stepTable([t.run], false));
    const results = Object.entries(t.run.results)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(', ');
    if (results) console.log(`  results: ${results}`);
    if (t.run.newGames > 0 || t.run.betweenGames > 0)
      console.log(
        `  new games: ${t.run.newGames}; guesses held while a room changed games: ${t.run.betweenGames}`,
      );
    if (t.soak && (t.samples?.length ?? 0) > 1) console.log(soakLines(t.soak));
  }
  console.log('');
}

async function main(): Promise<number> {
  let options: LoadTestOptions | undefined;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`loadtest: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (!options) {
    console.log(USAGE);
    return 0;
  }
  if (options.urls.length > 0 && !options.databaseUrl && !options.dataDirGiven) {
    // PGlite serves one process: the running server's directory is not ours to open.
    console.error(
      "loadtest: with --url the guesses are drawn from the servers' database: set DATABASE_URL " +
        '(or --database-url), or give --data-dir of an imported copy no server is using',
    );
    return 2;
  }

  const progress = new Progress(options.quiet);
  const startedAt = new Date();
  const watchdogSeconds = plannedSeconds(options);
  const watchdog = setTimeout(() => {
    progress.note(`loadtest: stopped after ${watchdogSeconds} s, its time bound`);
    void stopChildren().finally(() => process.exit(1));
  }, watchdogSeconds * 1000);
  watchdog.unref();

  console.log(`placerace load test: ${describeRun(options)}\n`);
  progress.note(`drawing ${options.poolSize} guesses per scope from the gazetteer…`);
  const drawing = performance.now();
  const pools = await loadGuessPools({
    scopes: [...new Set(options.scopes.map((s) => s.scope))],
    poolSize: options.poolSize,
    missRate: options.missRate,
    seed: options.seed,
    dataDir: options.dataDir,
    databaseUrl: options.databaseUrl,
  });
  progress.note(`drew the guesses in ${((performance.now() - drawing) / 1000).toFixed(1)} s`);

  const game = options.baselineOnly ? undefined : await runTarget('game', options, pools, progress);
  if (game) printTarget(game, options.ladder);
  const baseline = options.baseline
    ? await runTarget('baseline', options, pools, progress)
    : undefined;
  if (baseline) printTarget(baseline, options.ladder);

  let ratio: number | null | undefined;
  let ratios: ReturnType<typeof fixedRatios> | undefined;
  if (game && baseline) {
    if (options.ladder) {
      ratio = ratioOf(game.sustainableRate!, baseline.sustainableRate!);
      console.log(
        `Sustainable rate (broadcast p95 ≤ ${options.holdBroadcastP95Ms} ms, p99 ≤ ${options.holdBroadcastP99Ms} ms, no errors): ` +
          `game ${game.sustainableRate}/s, baseline ${baseline.sustainableRate}/s, ` +
          `ratio ${ratio === null ? '–' : ratio.toFixed(2)}`,
      );
    } else {
      ratios = fixedRatios(game, baseline);
      const r = (n: number | null) => (n === null ? '–' : `${n.toFixed(2)}×`);
      console.log(
        `Game ÷ baseline at ${options.rate}/s: ack p50 ${r(ratios.ackP50)}, p99 ${r(ratios.ackP99)}; ` +
          `broadcast p50 ${r(ratios.broadcastP50)}, p95 ${r(ratios.broadcastP95)}, p99 ${r(ratios.broadcastP99)}; ` +
          `server CPU ${r(ratios.serverCpu)}; memory per player ${r(ratios.memoryPerPlayer)}`,
      );
    }
  } else if (game?.sustainableRate !== undefined) {
    console.log(`Sustainable rate: ${game.sustainableRate} guesses/s`);
  }
  console.log(
    `\nCPU in % of one core (${cpus().length} cores here); lag p99: the server's event-loop delay ` +
      'from its /metrics (10 ms sampling: an idle loop reads about 10 ms); other CPU: the rest of the machine.',
  );
  const measured = [game, baseline].flatMap((t) => (t ? (t.steps ?? (t.run ? [t.run] : [])) : []));
  if (measured.some((s) => s.generatorDropped > 0 || s.generatorLagP99Ms > 50))
    console.log(
      'Note: the load generator itself fell behind in some steps (generatorDropped, generatorLagP99Ms ' +
        'in the JSON): those latencies are partly its own.',
    );
  if (measured.some((s) => (s.otherCpuPercent ?? 0) > 25))
    console.log(
      'Note: other processes used more than a quarter of a core during some steps (other CPU): ' +
        'the machine was not quiet; compare with care.',
    );

  if (options.json) {
    const report = {
      tool: 'placerace-loadtest',
      version: 1,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? '',
        totalMemoryBytes: totalmem(),
        loadAverage: loadavg(),
        node: process.version,
      },
      options: { ...options, databaseUrl: options.databaseUrl ? '(set)' : undefined },
      ...(game ? { game } : {}),
      ...(baseline ? { baseline } : {}),
      ...(ratio !== undefined ? { ratio } : {}),
      ...(ratios ? { ratios } : {}),
    };
    // NaN (no samples) is not JSON: it becomes null.
    await writeFile(
      options.json,
      JSON.stringify(
        report,
        (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
        2,
      ) + '\n',
    );
    console.log(`Report written to ${options.json}`);
  }
  return 0;
}

// The servers get SIGTERM and a moment to close (the embedded database must
// not be cut off mid-write); SIGKILL at exit is only for what is left.
process.on('exit', killChildren);
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    process.stderr.write(`\nloadtest: ${signal}; stopping the servers\n`);
    void stopChildren().finally(() => process.exit(code));
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`\nloadtest: ${err instanceof Error ? err.message : String(err)}\n`);
    void stopChildren().finally(() => process.exit(1));
  },
);
