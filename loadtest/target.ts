/**
 * One server under test, from start to stop: start it (or take the given
 * URLs), note its memory, seat the swarm and note the memory again (what a
 * connected player costs), run the ladder or the fixed rate, then let go.
 */
import { runFixedRate } from './fixed-run.js';
import { BASELINE_PLACES_ENV, writeBaselinePlaces, type GuessPools } from './guess-pools.js';
import { runLadder } from './ladder.js';
import { sleep, type RunContext } from './measure.js';
import type { Database, LoadTestOptions } from './options.js';
import {
  GeneratorStats,
  metricsProbe,
  procProbe,
  type ServerProbe,
  type ServerReading,
} from './process-stats.js';
import type { Progress } from './progress.js';
import { Recorder } from './recorder.js';
import type { TargetReport } from './report.js';
import { startBaselineServer, startGameServer, type ServerProcess } from './server-process.js';
import { Swarm } from './swarm.js';

/** After connecting, before reading the memory again: let the join traffic's garbage go. */
const SETTLE_AFTER_CONNECT_MS = 3000;

async function startTarget(
  kind: 'game' | 'baseline',
  options: LoadTestOptions,
  pools: GuessPools,
  database: Database | undefined,
): Promise<{ urls: string[]; pids: number[]; probe: ServerProbe; process?: ServerProcess }> {
  if (options.urls.length > 0) {
    const probe =
      options.pids.length > 0 ? procProbe(options.pids, options.urls) : metricsProbe(options.urls);
    return { urls: options.urls, pids: options.pids, probe };
  }
  const server =
    kind === 'game'
      ? await startGameServer('game server', {
          dataDir: options.dataDir,
          databaseUrl: database === 'postgres' ? options.databaseUrl : undefined,
        })
      : await startBaselineServer({
          [BASELINE_PLACES_ENV]: await writeBaselinePlaces(pools),
        });
  return {
    urls: [server.url],
    pids: [server.pid],
    probe: procProbe([server.pid], [server.url]),
    process: server,
  };
}

/**
 * A reading once the server's memory has stopped moving (two readings 500 ms
 * apart within 1%, at most 15 s): a freshly started game server is still
 * warming its caches and map outlines, which is not the players' cost.
 */
async function settledReading(probe: ServerProbe): Promise<ServerReading> {
  let last = await probe.read();
  const deadline = performance.now() + 15_000;
  while (performance.now() < deadline) {
    await sleep(500);
    const next = await probe.read();
    const [a, b] = [last.rssBytes, next.rssBytes];
    last = next;
    if (a === undefined || b === undefined || Math.abs(b - a) <= a * 0.01) break;
  }
  return last;
}

/**
 * Drives one server. `database` is the game server's (the tool starts it on
 * that database); undefined for the baseline and for servers given by --url.
 */
export async function runTarget(
  kind: 'game' | 'baseline',
  options: LoadTestOptions,
  pools: GuessPools,
  progress: Progress,
  database?: Database,
): Promise<TargetReport> {
  const label = database ? `${kind}/${database}` : kind;
  progress.note(
    options.urls.length > 0
      ? `[${label}] using ${options.urls.join(', ')}`
      : `[${label}] starting the server`,
  );
  const target = await startTarget(kind, options, pools, database);
  const recorder = new Recorder();
  const swarm = new Swarm(
    {
      urls: target.urls,
      players: options.players,
      roomSize: options.roomSize,
      scopes: options.scopes,
      pools: pools.texts,
      transport: options.transport,
      seed: options.seed,
      connectConcurrency: options.connectConcurrency,
      // The bare socket.io baseline has no chat: only the game chats.
      chatSeconds: kind === 'game' ? options.chatSeconds : 0,
    },
    recorder,
  );
  const generator = new GeneratorStats();
  try {
    const before = await settledReading(target.probe);
    const setup = await swarm.setUp((seated) =>
      progress.update(`[${label}] seating players ${seated}/${options.players}`),
    );
    const failedRooms = swarm.rooms.length - setup.rooms;
    progress.note(
      `[${label}] ${setup.players} players seated in ${setup.rooms} rooms in ${setup.seconds.toFixed(1)} s` +
        (failedRooms > 0
          ? `; ${failedRooms} rooms failed: ${JSON.stringify(setup.failedRooms)}`
          : ''),
    );
    if (setup.players === 0) throw new Error(`[${label}] no player could be seated`);
    if (failedRooms > swarm.rooms.length * 0.05)
      throw new Error(
        `[${label}] too many rooms failed to set up: ${JSON.stringify(setup.failedRooms)}` +
          (setup.failedRooms.rate_limited
            ? '; the server limits rooms, joins and connections per IP address: start it with ' +
              'CREATES_PER_MINUTE=100000 JOINS_PER_MINUTE=100000 CONNECTIONS_PER_ADDRESS=100000'
            : ''),
      );
    await sleep(SETTLE_AFTER_CONNECT_MS);
    const after = await settledReading(target.probe);
    if (options.gameSeconds > 0) swarm.playGamesOf(options.gameSeconds);

    const report: TargetReport = {
      server: kind,
      urls: target.urls,
      local: target.process !== undefined,
      pids: target.pids,
      ...(database ? { database } : {}),
      players: options.players,
      rooms: swarm.rooms.length,
      roomSize: options.roomSize,
      setup,
      memory: {
        rssBeforeConnectBytes: before.rssBytes ?? null,
        rssAfterConnectBytes: after.rssBytes ?? null,
        perPlayerBytes:
          before.rssBytes !== undefined && after.rssBytes !== undefined
            ? (after.rssBytes - before.rssBytes) / setup.players
            : null,
        rssEndBytes: null,
        perPlayerBytesAtEnd: null,
      },
    };
    const ctx: RunContext = {
      label,
      swarm,
      recorder,
      probe: target.probe,
      progress,
      generator,
    };
    if (options.ladder) {
      const ladder = await runLadder(ctx, {
        rates: options.ladderRates,
        warmupSeconds: options.warmupSeconds,
        durationSeconds: options.durationSeconds,
        maxFailures: options.ladderFailures,
        refineFraction: options.refineFraction,
        criteria: {
          broadcastP95Ms: options.holdBroadcastP95Ms,
          broadcastP99Ms: options.holdBroadcastP99Ms,
        },
        serverExited: () => target.process?.exitCode() !== undefined,
      });
      report.sustainableRate = ladder.sustainableRate;
      report.exhausted = ladder.exhausted;
      if (ladder.refinement) report.refinement = ladder.refinement;
      report.steps = ladder.steps;
    } else {
      const fixed = await runFixedRate(ctx, options);
      report.run = fixed.run;
      report.samples = fixed.samples;
      report.soak = fixed.soak;
    }
    const exited = target.process?.exitCode();
    if (exited !== undefined)
      throw new Error(
        `[${label}] the server died during the run (exit ${exited}); its last words:\n` +
          target.process!.output(),
      );
    // Still connected: what the players cost once they have played (caches, finds, buffers).
    const end = await target.probe.read();
    report.memory.rssEndBytes = end.rssBytes ?? null;
    report.memory.perPlayerBytesAtEnd =
      before.rssBytes !== undefined && end.rssBytes !== undefined
        ? (end.rssBytes - before.rssBytes) / setup.players
        : null;
    if (swarm.chat) {
      report.chat = swarm.chat.counts;
      const { sent, ok, held, errors, heard } = swarm.chat.counts;
      progress.note(
        `[${label}] chat: ${sent} messages sent, ${ok} taken (${held} held back), ` +
          `errors ${JSON.stringify(errors)}, ${heard} heard by the players`,
      );
    }
    progress.clear();
    return report;
  } finally {
    swarm.close();
    generator.stop();
    await target.process?.stop();
  }
}
