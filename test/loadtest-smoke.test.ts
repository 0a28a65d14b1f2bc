/**
 * A smoke run of the load test, as a user runs it: a real process that starts
 * a real game server on the test database (PostgreSQL when DATABASE_URL is
 * set, else the suites' PGlite directory), seats a few players, plays for a
 * few seconds at a low rate and writes its JSON report. It checks the tool
 * works end to end and its figures are sane; the load itself is
 * `npm run bench:load`'s business. Then a tiny ladder on each database and the
 * baseline in one run, and a few of the tool's parts on their own.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuPerGuessAtCommonRate } from '../loadtest/comparison.js';
import { BroadcastTracker, findKey } from '../loadtest/latency.js';
import { parseOptions } from '../loadtest/options.js';
import { metricSeries } from '../loadtest/process-stats.js';
import { Recorder } from '../loadtest/recorder.js';
import { MAX_REFINED_STEPS, refinementRates } from '../loadtest/refinement.js';
import type { StepReport } from '../loadtest/report.js';
import { runScript } from './support/processes.js';
import { databaseUrl, testDataDir } from './support/services.js';

interface Figures {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

interface Run {
  offeredRate: number;
  achievedRate: number;
  deliveriesPerSecond: number;
  ack: Figures;
  broadcast: Figures;
  errors: Record<string, number>;
  errorCount: number;
  disconnects: number;
  serverCpuPercent: number | null;
  serverRssBytes: number | null;
  generatorCpuPercent: number;
}

describe('load test (smoke)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'placerace-loadtest-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('plays a few seconds against a game server it starts and reports sane figures', async () => {
    const json = join(dir, 'report.json');
    const { code, stdout, stderr } = await runScript(
      'loadtest/cli.ts',
      [
        ...['--players', '6', '--room-size', '3', '--rate', '12'],
        ...['--warmup', '1', '--duration', '3', '--sample-every', '1'],
        ...['--scopes', 'DE,world', '--pool', '500', '--quiet'],
        // Chat beside the guesses: each player a message every 2 s, what the server allows.
        ...['--chat-seconds', '2'],
        ...['--data-dir', testDataDir, '--json', json],
      ],
      { env: { DATABASE_URL: databaseUrl ?? '', REDIS_URL: '' } },
    );
    expect({ code, stderr }).toMatchObject({ code: 0 });
    expect(stdout).toMatch(/Game server on (PGlite|PostgreSQL) at http:\/\/127\.0\.0\.1:\d+/);

    const report = JSON.parse(await readFile(json, 'utf8')) as {
      game: {
        players: number;
        setup: { players: number; rooms: number };
        memory: { rssBeforeConnectBytes: number; perPlayerBytes: number };
        run: Run;
        samples: Run[];
        soak: { rssGrowth: number };
        chat: { sent: number; ok: number; held: number; errors: object; heard: number };
      };
    };
    const { game } = report;
    expect(game.setup).toMatchObject({ players: 6, rooms: 2 });
    expect(game.memory.rssBeforeConnectBytes).toBeGreaterThan(20 * 1024 * 1024);
    expect(typeof game.memory.perPlayerBytes).toBe('number');

    const { run } = game;
    expect(run.offeredRate).toBe(12);
    expect(run.ack.count).toBeGreaterThan(10);
    expect(run.achievedRate).toBeGreaterThan(6);
    expect(run.ack.p50).toBeGreaterThan(0);
    expect(run.ack.p50!).toBeLessThanOrEqual(run.ack.p99!);
    expect(run.ack.p99!).toBeLessThanOrEqual(run.ack.max!);
    // Real names in a fresh race: some are found, and each reaches the other two players.
    expect(run.broadcast.count).toBeGreaterThan(0);
    expect(run.broadcast.p50).toBeGreaterThan(0);
    expect(run.errors).toEqual({});
    expect(run.errorCount).toBe(0);
    expect(run.disconnects).toBe(0);
    expect(run.serverCpuPercent).toBeGreaterThan(0);
    expect(run.serverRssBytes).toBeGreaterThan(20 * 1024 * 1024);
    expect(run.generatorCpuPercent).toBeGreaterThan(0);
    expect(game.samples.length).toBeGreaterThanOrEqual(2);
    expect(typeof game.soak.rssGrowth).toBe('number');
    // Every message taken, none held (they name no place), each heard by its room's three.
    const { chat } = game;
    expect(chat.sent).toBeGreaterThan(6);
    expect(chat).toMatchObject({ ok: chat.sent, held: 0, errors: {} });
    expect(chat.heard).toBeGreaterThanOrEqual(chat.sent * 2);
  }, 90_000);

  test('climbs a tiny ladder on each database, then the baseline, and compares them', async () => {
    const json = join(dir, 'ladder.json');
    const { code, stdout, stderr } = await runScript(
      'loadtest/cli.ts',
      [
        ...['--ladder', '--baseline', '--databases', 'all', '--ladder-rates', '6'],
        ...['--players', '6', '--room-size', '3', '--warmup', '0', '--duration', '1'],
        ...['--scopes', 'DE', '--pool', '300', '--quiet'],
        ...['--data-dir', testDataDir, '--json', json],
      ],
      { env: { DATABASE_URL: databaseUrl ?? '', REDIS_URL: '' } },
    );
    expect({ code, stderr }).toMatchObject({ code: 0 });
    const databases = databaseUrl ? ['pglite', 'postgres'] : ['pglite'];
    expect(stdout).toMatch(/Game server on PGlite at/);
    if (databaseUrl) expect(stdout).toMatch(/Game server on PostgreSQL at/);
    else expect(stdout).toMatch(/PGlite only/);
    expect(stdout).toMatch(/database +game\/s +baseline\/s +ratio/);

    interface Target {
      server: string;
      database?: string;
      sustainableRate: number;
      steps: { offeredRate: number; stage: string; holds: boolean }[];
    }
    const report = JSON.parse(await readFile(json, 'utf8')) as {
      game: Target;
      games: Record<string, Target>;
      baseline: Target;
      ratio: number | null;
      comparisons: Record<string, { gameRate: number; baselineRate: number; ratio: number | null }>;
    };
    expect(Object.keys(report.games)).toEqual(databases);
    expect(Object.keys(report.comparisons)).toEqual(databases);
    expect(report.game).toEqual(report.games.pglite);
    expect(report).toHaveProperty('ratio');
    for (const database of databases) {
      const game = report.games[database]!;
      expect(game).toMatchObject({ server: 'game', database });
      expect(game.steps[0]).toMatchObject({ offeredRate: 6, stage: 'coarse' });
      expect(report.comparisons[database]).toMatchObject({
        gameRate: game.sustainableRate,
        baselineRate: report.baseline.sustainableRate,
      });
    }
    expect(report.baseline.server).toBe('baseline');
    expect(report.baseline.steps.length).toBeGreaterThan(0);
  }, 120_000);
});

describe('load test parts', () => {
  const coarse = (...steps: [number, boolean][]) =>
    steps.map(([offeredRate, holds]) => ({ offeredRate, holds }));

  test('the ladder refines between the last hold and the first failure in steps of 10 % of the hold', () => {
    const ladder = coarse([500, true], [1000, true], [1500, true], [2000, false]);
    expect(refinementRates(ladder, 0.1)).toEqual({
      held: 1500,
      failed: 2000,
      rates: [1650, 1800, 1950],
    });
    expect(refinementRates(coarse([1000, true], [1500, false]), 0.1)?.rates).toEqual([
      1100, 1200, 1300, 1400,
    ]);
    expect(refinementRates(ladder, 0.2)?.rates).toEqual([1800]);
  });

  test('after a failure the ladder survived (--ladder-failures 2), it refines above the highest hold', () => {
    const ladder = coarse([1000, true], [1500, false], [2000, true], [3000, false], [4000, false]);
    expect(refinementRates(ladder, 0.1)).toEqual({
      held: 2000,
      failed: 3000,
      rates: [2200, 2400, 2600, 2800],
    });
  });

  test('nothing to refine: off, nothing held, or nothing failed above the hold', () => {
    expect(refinementRates(coarse([1000, true], [1500, false]), 0)).toBeUndefined();
    expect(refinementRates(coarse([250, false]), 0.1)).toBeUndefined();
    expect(refinementRates(coarse([250, true], [500, true]), 0.1)).toBeUndefined();
    expect(refinementRates([], 0.1)).toBeUndefined();
  });

  test('a wide gap widens the refined step rather than running without end', () => {
    const { rates } = refinementRates(coarse([100, true], [5000, false]), 0.1)!;
    expect(rates).toHaveLength(MAX_REFINED_STEPS);
    expect(rates[0]).toBe(590);
    expect(Math.max(...rates)).toBeLessThan(5000);
    // Tiny rates round several steps onto one whole number: each is probed once.
    expect(refinementRates(coarse([2, true], [4, false]), 0.1)?.rates).toEqual([3]);
  });

  test('CPU per guess is compared at the common rate nearest 1000/s that both servers held', () => {
    const step = (offeredRate: number, serverCpuPercent: number, holds: boolean) =>
      ({ offeredRate, achievedRate: offeredRate, serverCpuPercent, holds }) as StepReport;
    const game = [step(500, 30, true), step(1000, 50, true), step(1500, 90, false)];
    const baseline = [step(500, 20, true), step(1000, 25, true), step(1500, 40, true)];
    const cpu = cpuPerGuessAtCommonRate(game, baseline)!;
    expect(cpu).toMatchObject({
      offeredRate: 1000,
      gameMicroseconds: 500,
      baselineMicroseconds: 250,
    });
    expect(cpu.ratio).toBeCloseTo(2);
    // Neither held near 1000/s: the nearest common rate that both held.
    expect(cpuPerGuessAtCommonRate(game.slice(0, 1), baseline)?.offeredRate).toBe(500);
    expect(cpuPerGuessAtCommonRate(game, [])).toBeNull();
  });

  test('--databases: both, all (PostgreSQL only with a URL), or the one the server would use', () => {
    const url = { DATABASE_URL: 'postgres://db/x' };
    expect(parseOptions(['--databases', 'pglite,postgres'], url)).toMatchObject({
      databases: ['pglite', 'postgres'],
    });
    expect(parseOptions(['--databases', 'all'], url)).toMatchObject({
      databases: ['pglite', 'postgres'],
      postgresSkipped: false,
    });
    expect(parseOptions(['--databases', 'all'], {})).toMatchObject({
      databases: ['pglite'],
      postgresSkipped: true,
    });
    expect(parseOptions([], url)).toMatchObject({ databases: ['postgres'], refineFraction: 0.1 });
    expect(parseOptions([], {})).toMatchObject({ databases: ['pglite'] });
    expect(() => parseOptions(['--databases', 'postgres'], {})).toThrow(/DATABASE_URL/);
    expect(() => parseOptions(['--databases', 'mysql'], url)).toThrow(/pglite, postgres/);
    expect(() => parseOptions(['--refine', '5'], {})).toThrow(/--refine/);
  });

  test('a receipt that arrives before the finder’s ack still counts, from the send time', () => {
    const recorder = new Recorder();
    const window = recorder.open(0);
    const tracker = new BroadcastTracker(recorder);
    const key = findKey(3, 2950159, 'finder');
    tracker.received(key, 12); // another player saw the find first
    tracker.found(key, 10, 2); // then the ack: sent at 10, two others in the room
    tracker.received(key, 15);
    expect(window.deliveries).toBe(2);
    expect(window.broadcast.figures()).toMatchObject({ count: 2, max: 5 });
    tracker.sweep(100_000, 11_000);
    expect(window.lostDeliveries).toBe(0);
    expect(tracker.unmatched).toBe(0);
  });

  test('a broadcast that never reaches a player is lost; a receipt without an ack is unmatched', () => {
    const recorder = new Recorder();
    const window = recorder.open(0);
    const tracker = new BroadcastTracker(recorder);
    tracker.found(findKey(1, 1, 'a'), 5, 3);
    tracker.received(findKey(1, 1, 'a'), 9);
    tracker.received(findKey(1, 2, 'b'), 9);
    tracker.sweep(20_000, 11_000);
    expect(window.lostDeliveries).toBe(2);
    expect(tracker.unmatched).toBe(1);
  });

  test('metrics are read from Prometheus text, labelled or not', () => {
    const text = [
      '# HELP process_resident_memory_bytes Resident memory size in bytes.',
      '# TYPE process_resident_memory_bytes gauge',
      'process_resident_memory_bytes{node="a"} 1000',
      'process_resident_memory_bytes_extra 5',
      'nodejs_eventloop_lag_p99_seconds 0.0123',
    ].join('\n');
    expect(metricSeries(text, 'process_resident_memory_bytes')).toEqual([1000]);
    expect(metricSeries(text, 'nodejs_eventloop_lag_p99_seconds')).toEqual([0.0123]);
    expect(metricSeries(text, 'process_cpu_seconds_total')).toEqual([]);
  });

  test('options keep each player under the server’s per-socket limit', () => {
    expect(() => parseOptions(['--players', '10', '--rate', '100'], {})).toThrow(/per socket/);
    expect(() => parseOptions(['--players', '20000'], {})).toThrow(/at most/);
    const options = parseOptions(
      ['--rooms', '5', '--room-size', '4', '--rate-per-player', '2'],
      {},
    );
    expect(options).toMatchObject({ players: 20, rate: 40, roomSize: 4 });
  });
});
