/**
 * `npm run loadtest -- [options]` (see USAGE in options.ts and
 * loadtest/README.md): draws the guess pools from the gazetteer, then drives
 * the game server on each of --databases in turn, and with --baseline the
 * bare socket.io baseline after them (never two at once: they would share
 * the two cores), and prints what it measured, with game ÷ baseline per
 * database; --json FILE writes the full report.
 *
 * Exit codes: 0 when the run completed (whatever it measured), 1 when it
 * could not (a server did not start, players could not be seated), 2 for a
 * bad command line.
 */
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import {
  compareLadders,
  comparisonTable,
  fixedRatios,
  type LadderComparison,
} from './comparison.js';
import { loadGuessPools, requireEmbeddedDatabase } from './guess-pools.js';
import { parseOptions, USAGE, UsageError, type Database, type LoadTestOptions } from './options.js';
import { Progress } from './progress.js';
import { MAX_REFINED_STEPS } from './refinement.js';
import {
  DATABASE_NAMES,
  soakLines,
  stepTable,
  targetHeading,
  type TargetReport,
} from './report.js';
import { runWithServers, stopChildren } from './server-process.js';
import { runTarget } from './target.js';

/** Seconds a target may take beyond its planned run: start, seating, draining. */
const TARGET_OVERHEAD_SECONDS = 6 * 60;

/**
 * The databases to start the game server on, in turn; [undefined] for
 * servers given by --url (their database is theirs), [] for the baseline only.
 */
function gameDatabases(o: LoadTestOptions): (Database | undefined)[] {
  if (o.baselineOnly) return [];
  return o.urls.length > 0 ? [undefined] : o.databases;
}

function plannedSeconds(o: LoadTestOptions): number {
  const ladderSteps = o.ladderRates.length + (o.refineFraction > 0 ? MAX_REFINED_STEPS : 0);
  const perTarget = o.ladder
    ? ladderSteps * (o.warmupSeconds + o.durationSeconds + 15)
    : o.warmupSeconds + o.durationSeconds + 15;
  const targets = gameDatabases(o).length + (o.baseline ? 1 : 0);
  return targets * (perTarget + TARGET_OVERHEAD_SECONDS);
}

function describeRun(o: LoadTestOptions): string {
  const load = o.ladder
    ? `ladder ${o.ladderRates.join(', ')} guesses/s` +
      (o.refineFraction > 0
        ? `, refined in steps of ${Math.round(o.refineFraction * 100)}% above the last that holds`
        : '') +
      `, ${o.warmupSeconds} s warm-up + ${o.durationSeconds} s per step`
    : o.rate > 0
      ? `${o.rate} guesses/s (${(o.rate / o.players).toFixed(2)} per player), ${o.warmupSeconds} s warm-up + ${o.durationSeconds} s`
      : `idle connections for ${o.durationSeconds} s`;
  const databases = gameDatabases(o).flatMap((d) => (d ? [DATABASE_NAMES[d]] : []));
  const servers = [
    ...(databases.length > 0 ? [`the game server on ${databases.join(', then ')}`] : []),
    ...(o.baseline ? ['the baseline'] : []),
  ];
  return (
    `${o.players} players in rooms of ${o.roomSize}, ${o.transport}; ${load}` +
    (servers.length > 0 ? `; ${servers.join(', then ')}` : '')
  );
}

function printTarget(t: TargetReport, ladder: boolean): void {
  console.log(targetHeading(t));
  if (ladder && t.steps) {
    console.log(stepTable(t.steps, true));
    const r = t.refinement;
    console.log(
      `  sustainable rate: ${t.exhausted ? '≥ ' : ''}${t.sustainableRate} guesses/s` +
        (t.exhausted ? ' (every step held: raise --ladder-rates for the knee)' : '') +
        (r && r.rates.length > 0
          ? ` (› refined between ${r.held}/s, held, and ${r.failed}/s, failed)`
          : ''),
    );
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
  if (options.postgresSkipped)
    console.log(
      'Note: --databases all without DATABASE_URL (or --database-url): the game server runs on PGlite only.\n',
    );
  const databases = gameDatabases(options);
  // Checked before the minutes of drawing and running, not when its server would import the gazetteer.
  if (databases.includes('pglite')) requireEmbeddedDatabase(options.dataDir);
  progress.note(`drawing ${options.poolSize} guesses per scope from the gazetteer…`);
  const drawing = performance.now();
  // One draw for every server, so each plays the same guesses. From PostgreSQL
  // when it is in the run: the embedded database is then left to its server.
  const pools = await loadGuessPools({
    scopes: [...new Set(options.scopes.map((s) => s.scope))],
    poolSize: options.poolSize,
    missRate: options.missRate,
    seed: options.seed,
    dataDir: options.dataDir,
    databaseUrl: options.databases.includes('postgres') ? options.databaseUrl : undefined,
  });
  progress.note(`drew the guesses in ${((performance.now() - drawing) / 1000).toFixed(1)} s`);

  // One server at a time: they would share the machine's cores.
  const games: { database: Database | undefined; report: TargetReport }[] = [];
  for (const database of databases) {
    const report = await runTarget('game', options, pools, progress, database);
    printTarget(report, options.ladder);
    games.push({ database, report });
  }
  const baseline = options.baseline
    ? await runTarget('baseline', options, pools, progress)
    : undefined;
  if (baseline) printTarget(baseline, options.ladder);

  const on = (database: Database | undefined) =>
    database && databases.length > 1 ? ` on ${DATABASE_NAMES[database]}` : '';
  const comparisons = new Map<Database | undefined, LadderComparison>();
  const ratiosByDatabase = new Map<Database | undefined, ReturnType<typeof fixedRatios>>();
  if (baseline && options.ladder) {
    for (const { database, report } of games)
      comparisons.set(database, compareLadders(report, baseline));
    if (games.length > 0) {
      console.log(
        `Game ÷ baseline, sustainable rate (broadcast p95 ≤ ${options.holdBroadcastP95Ms} ms, ` +
          `p99 ≤ ${options.holdBroadcastP99Ms} ms, no errors), and server CPU per answered guess ` +
          `at the rate both ran nearest 1000/s:`,
      );
      console.log(
        comparisonTable(
          games.map(({ database, report }) => ({
            database,
            game: report,
            c: comparisons.get(database)!,
          })),
          baseline,
        ),
      );
      if ([...comparisons.values()].some((c) => c.bounded))
        console.log(
          '≥: every step held, so the rate is a lower bound and its ratio (~) only an estimate.',
        );
    }
  } else if (baseline) {
    for (const { database, report } of games) {
      const ratios = fixedRatios(report, baseline);
      ratiosByDatabase.set(database, ratios);
      const r = (n: number | null) => (n === null ? '–' : `${n.toFixed(2)}×`);
      console.log(
        `Game${on(database)} ÷ baseline at ${options.rate}/s: ack p50 ${r(ratios.ackP50)}, p99 ${r(ratios.ackP99)}; ` +
          `broadcast p50 ${r(ratios.broadcastP50)}, p95 ${r(ratios.broadcastP95)}, p99 ${r(ratios.broadcastP99)}; ` +
          `server CPU ${r(ratios.serverCpu)}; memory per player ${r(ratios.memoryPerPlayer)}`,
      );
    }
  } else if (options.ladder) {
    for (const { database, report } of games)
      console.log(
        `Sustainable rate${on(database)}: ${report.exhausted ? '≥ ' : ''}${report.sustainableRate} guesses/s`,
      );
  }
  console.log(
    `\nCPU in % of one core (${cpus().length} cores here); lag p99: the server's event-loop delay ` +
      'from its /metrics (10 ms sampling: an idle loop reads about 10 ms); other CPU: the rest of the machine.',
  );
  const measured = [...games.map((g) => g.report), baseline].flatMap((t) =>
    t ? (t.steps ?? (t.run ? [t.run] : [])) : [],
  );
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
    const first = games[0];
    const firstComparison = first && comparisons.get(first.database);
    const firstRatios = first && ratiosByDatabase.get(first.database);
    // Keyed by database when the tool started the game servers (with --url it did not choose one).
    const byDatabase =
      games.length > 0 && games.every((g) => g.database)
        ? <T>(value: (game: (typeof games)[number]) => T) =>
            Object.fromEntries(games.map((g) => [g.database!, value(g)]))
        : undefined;
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
      // `game`, `ratio` and `ratios` are the first database's, as in a single-database run.
      ...(first ? { game: first.report } : {}),
      ...(byDatabase ? { games: byDatabase((g) => g.report) } : {}),
      ...(baseline ? { baseline } : {}),
      ...(firstComparison ? { ratio: firstComparison.ratio } : {}),
      ...(byDatabase && comparisons.size > 0
        ? { comparisons: byDatabase((g) => comparisons.get(g.database)) }
        : {}),
      ...(firstRatios ? { ratios: firstRatios } : {}),
      ...(byDatabase && ratiosByDatabase.size > 0
        ? { ratiosByDatabase: byDatabase((g) => ratiosByDatabase.get(g.database)) }
        : {}),
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

runWithServers('loadtest', main);
