/**
 * A smoke run of the load test, as a user runs it: a real process that starts
 * a real game server on the test database (PostgreSQL when DATABASE_URL is
 * set, else the suites' PGlite directory), seats a few players, plays for a
 * few seconds at a low rate and writes its JSON report. It checks the tool
 * works end to end and its figures are sane; the load itself is
 * `npm run bench:load`'s business. Then a few of its parts on their own.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BroadcastTracker, findKey } from '../loadtest/latency.js';
import { parseOptions } from '../loadtest/options.js';
import { metricSeries } from '../loadtest/process-stats.js';
import { Recorder } from '../loadtest/recorder.js';
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
        ...['--data-dir', testDataDir, '--json', json],
      ],
      { env: { DATABASE_URL: databaseUrl ?? '', REDIS_URL: '' } },
    );
    expect({ code, stderr }).toMatchObject({ code: 0 });
    expect(stdout).toMatch(/Game server at http:\/\/127\.0\.0\.1:\d+/);

    const report = JSON.parse(await readFile(json, 'utf8')) as {
      game: {
        players: number;
        setup: { players: number; rooms: number };
        memory: { rssBeforeConnectBytes: number; perPlayerBytes: number };
        run: Run;
        samples: Run[];
        soak: { rssGrowth: number };
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
  }, 90_000);
});

describe('load test parts', () => {
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
